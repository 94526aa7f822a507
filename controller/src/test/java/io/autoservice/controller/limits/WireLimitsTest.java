package io.autoservice.controller.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WireLimitsTest {
  @Test
  void shouldRefuseRunIdsThatAreNotOneNamingTheField() {
    for (String bad : new String[] {"", ".", "..", "a/b", "x".repeat(129), "run\u001b"}) {
      assertThatThrownBy(() -> WireLimits.runId("run_event.run_id", bad))
          .as(bad)
          .isInstanceOf(WireLimits.FieldRefused.class)
          .hasMessageStartingWith("run_event.run_id: ");
    }
    assertThat(WireLimits.runId("run_id", "3f2c-1.a_b")).isEqualTo("3f2c-1.a_b");
  }

  @Test
  void shouldCutFreeTextToItsLimitWithAMarkerAndNeverSplitASurrogatePair() {
    String cut = WireLimits.text("e".repeat(5_000), 4_000);

    assertThat(cut)
        .hasSizeLessThanOrEqualTo(4_000)
        .startsWith("eee")
        .endsWith("[truncated 1040 characters]");
    assertThat(WireLimits.text("short", 4_000)).isEqualTo("short");
    String emoji = "a".repeat(59) + "\uD83D\uDE00" + "b".repeat(100);
    String kept = WireLimits.text(emoji, 100);
    assertThat(Character.isHighSurrogate(kept.charAt(kept.indexOf('…') - 1))).isFalse();
  }

  @Test
  void shouldRefuseIdentityTextWithControlsOrOverItsLength() {
    assertThatThrownBy(
            () -> WireLimits.identity("hello.machine.hostname", "h".repeat(256), 255, false))
        .hasMessage("hello.machine.hostname: expected at most 255 characters but got 256");
    assertThatThrownBy(
            () -> WireLimits.identity("hello.machine.os_name", "Win\u001b[2J", 256, true))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> WireLimits.labels("hello.labels", Map.of("bad key", "v")))
        .hasMessageStartingWith("hello.labels: key");
  }
}
