package io.autoservice.console.verbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.net.HostPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConvertersTest {
  @Test
  void shouldReadDurationsTechniciansWrite() {
    assertThat(Converters.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Converters.duration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Converters.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Converters.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Converters.duration("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(Converters.duration("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Converters.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> Converters.duration("0s"))
        .hasMessageContaining("expected: a positive duration");
    assertThatThrownBy(() -> Converters.duration("soon")).hasMessageContaining("is not a duration");
  }

  @Test
  void shouldReadOneOrSeveralControllerAddresses() {
    Converters.ControllerListConverter c = new Converters.ControllerListConverter();
    assertThat(c.convert("controller.local:7443").addresses())
        .containsExactly(new HostPort("controller.local", 7443));
    assertThat(c.convert("a.lan:7443,b.lan:7443").addresses())
        .containsExactly(new HostPort("a.lan", 7443), new HostPort("b.lan", 7443));
    assertThatThrownBy(() -> c.convert("a.lan:7443,b.lan:0"))
        .hasMessageStartingWith("--controller: \"b.lan:0\"");
  }
}
