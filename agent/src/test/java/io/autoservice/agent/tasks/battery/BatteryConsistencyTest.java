package io.autoservice.agent.tasks.battery;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.RecordedOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every battery report of {@code fixtures/tool-outputs/powercfg/} and every sysfs tree of {@code
 * sysfs-power-supply/}, the figures and the health verdict never contradict each other.
 */
class BatteryConsistencyTest {
  static List<Path> powercfg() {
    return RecordedOutputs.files("powercfg");
  }

  static List<Path> sysfs() throws Exception {
    try (Stream<Path> s = Files.list(Fixtures.root().resolve("tool-outputs/sysfs-power-supply"))) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("powercfg")
  void powercfgReportsAgree(Path file) {
    PowercfgReportParser.Report r = PowercfgReportParser.parse(RecordedOutputs.text(file));
    if (r.noBatteries()) {
      assertThat(r.batteries()).as("no batteries stated, none read").isEmpty();
    }
    r.batteries().forEach(BatteryConsistencyTest::agrees);
  }

  @ParameterizedTest
  @MethodSource("sysfs")
  void sysfsTreesAgree(Path tree) throws Exception {
    new SysfsBatterySource(tree).batteries(null).forEach(BatteryConsistencyTest::agrees);
  }

  private static void agrees(BatteryReading b) {
    BatteryReport r = BatteryReport.from(b);
    if (r.percent() != null) {
      assertThat(r.percent()).as("charge level").isBetween(0.0, 100.0);
    }
    if ("Full".equals(r.state()) && r.percent() != null) {
      assertThat(r.percent()).as("full but not charged").isGreaterThanOrEqualTo(95.0);
    }
    if (r.capacityPercent() == null) {
      assertThat(r.healthVerdict()).isEqualTo("Unknown");
      assertThat(r.wearLevelPercent()).isNull();
    } else {
      assertThat(r.capacityPercent()).isPositive();
      assertThat(r.healthVerdict()).isEqualTo(BatteryReport.verdict(r.capacityPercent()));
      assertThat(r.wearLevelPercent()).isBetween(0.0, 100.0);
      assertThat(r.wearLevelPercent() + Math.min(100.0, r.capacityPercent()))
          .isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.11));
    }
    if (r.energyWh() != null && r.energyFullWh() != null) {
      assertThat(r.energyWh())
          .as("charge above the full charge")
          .isLessThanOrEqualTo(r.energyFullWh() * 1.01);
    }
    if (r.cycleCount() != null) {
      assertThat(r.cycleCount()).isNotNegative();
    }
  }
}
