package io.autoservice.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerAddressesTest {
  @Test
  void oneAddressParsesAsBefore() {
    assertThat(ControllerAddresses.parse("--controller", "controller.local:7443"))
        .containsExactly(new HostPort("controller.local", 7443));
  }

  @Test
  void commaSeparatedAddressesKeepTheirOrder() {
    assertThat(ControllerAddresses.parse("--controller", "b.lan:7443, a.lan:7444,[::1]:7443"))
        .containsExactly(
            new HostPort("b.lan", 7443), new HostPort("a.lan", 7444), new HostPort("::1", 7443));
  }

  @Test
  void aListFromAConfigFileParsesLikeTheFlag() {
    assertThat(ControllerAddresses.of("controller", List.of("a:1", "b:2", "a:1")))
        .containsExactly(new HostPort("a", 1), new HostPort("b", 2));
  }

  @Test
  void anInvalidEntryIsRefusedNamingTheSettingAndTheEntry() {
    assertThatThrownBy(() -> ControllerAddresses.parse("--controller", "a:7443,b.lan,c:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--controller: \"b.lan\"");
    assertThatThrownBy(() -> ControllerAddresses.parse("--controller", "a:7443,b:0"))
        .hasMessageStartingWith("--controller: \"b:0\"");
    assertThatThrownBy(() -> ControllerAddresses.parse("--controller", "a:7443,b:99999"))
        .hasMessageStartingWith("--controller: \"b:99999\"");
    assertThatThrownBy(() -> ControllerAddresses.parse("--controller", "a:7443,,b:1"))
        .hasMessageStartingWith("--controller: an empty entry");
    assertThatThrownBy(() -> ControllerAddresses.parse("--controller", " "))
        .hasMessageStartingWith("--controller: no controller address");
  }

  @Test
  void formatWritesTheListBack() {
    String text = "a:1,[::1]:7443";
    assertThat(ControllerAddresses.format(ControllerAddresses.parse("x", text))).isEqualTo(text);
  }
}
