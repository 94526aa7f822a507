package io.autoservice.agent.tasks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmartctlExitStatusTest {

  @Test
  void shouldSayNothingForZero() {
    assertThat(SmartctlExitStatus.notes(0)).isEmpty();
  }

  @Test
  void shouldDecodeEveryBitLowestFirst() {
    assertThat(SmartctlExitStatus.notes(2))
        .containsExactly(
            "bit 1: the device could not be opened (or did not identify itself, or is in a low-power mode)");
    assertThat(SmartctlExitStatus.notes(4))
        .singleElement()
        .asString()
        .startsWith("bit 2: a SMART or other command");
    assertThat(SmartctlExitStatus.notes(152))
        .hasSize(3)
        .satisfiesExactly(
            a -> assertThat(a).startsWith("bit 3: SMART status check returned \"DISK FAILING\""),
            b -> assertThat(b).startsWith("bit 4: prefail attributes"),
            c -> assertThat(c).startsWith("bit 7: the device self-test log"));
    assertThat(SmartctlExitStatus.notes(255)).hasSize(8);
  }

  @Test
  void shouldNameAnAbnormalEnd() {
    assertThat(SmartctlExitStatus.notes(-1))
        .containsExactly("smartctl ended without a normal exit code (-1)");
    assertThat(SmartctlExitStatus.notes(256)).hasSize(1);
    assertThat(SmartctlExitStatus.has(-1, SmartctlExitStatus.OPEN_FAILED)).isFalse();
  }

  @Test
  void shouldTestBits() {
    assertThat(SmartctlExitStatus.has(152, SmartctlExitStatus.DISK_FAILING)).isTrue();
    assertThat(SmartctlExitStatus.has(152, SmartctlExitStatus.PREFAIL_NOW)).isTrue();
    assertThat(SmartctlExitStatus.has(152, SmartctlExitStatus.ERROR_LOG)).isFalse();
    assertThat(SmartctlExitStatus.has(4, SmartctlExitStatus.COMMAND_FAILED)).isTrue();
  }
}
