package io.autoservice.agent.tasks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every {@code smartctl -a -j} output of {@code fixtures/tool-outputs/smartctl/}, the drive's
 * health, its attributes, the counts and the verdict never contradict each other.
 */
class SmartctlConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("smartctl", ".json").stream()
        .filter(p -> !p.getFileName().toString().contains("scan-j"))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void healthAttributesAndVerdictAgree(Path file) {
    SmartctlOutputParser.DeviceOutput d =
        SmartctlOutputParser.parseDevice(RecordedOutputs.text(file), "/dev/sda");
    if (d.drive() == null) {
      return;
    }
    SmartDrive drive = d.drive();
    for (Long v :
        new Long[] {
          drive.powerOnHours(),
          drive.powerCycles(),
          drive.unsafeShutdowns(),
          drive.mediaErrors(),
          drive.errorLogEntries(),
          drive.dataWrittenBytes(),
          drive.dataReadBytes(),
          drive.wearLevelPercentUsed()
        }) {
      assertThat(v == null || v >= 0).isTrue();
    }
    int exit = d.exitStatus() == null ? 0 : d.exitStatus();
    boolean attributeFailingNow = false;
    for (JsonNode a : d.json().path("ata_smart_attributes").path("table")) {
      attributeFailingNow |= "now".equals(a.path("when_failed").asText());
    }
    boolean nvmeCritical =
        d.json().path("nvme_smart_health_information_log").path("critical_warning").asInt(0) != 0;

    SmartctlReport report = new SmartctlReport(List.of("smartctl", "--scan", "-j"));
    report.queried(1);
    report.drive(drive, exit, d.messages(), List.of("smartctl", "-a", "-j"), null);
    TaskOutcome o = report.outcome(false);
    JsonNode hr = o.summary().path("human_readable");
    String verdict = hr.path("verdict").asText();
    assertThat(
            hr.path("drives_passed").asInt()
                + hr.path("drives_failed").asInt()
                + hr.path("drives_unknown").asInt())
        .isEqualTo(hr.path("drives_reported").asInt());
    if (Boolean.FALSE.equals(drive.healthPassed())
        || attributeFailingNow
        || nvmeCritical
        || SmartctlExitStatus.has(exit, SmartctlExitStatus.DISK_FAILING)
        || SmartctlExitStatus.has(exit, SmartctlExitStatus.PREFAIL_NOW)) {
      assertThat(o.status())
          .as("a failing drive or attribute is never a success: " + verdict)
          .isNotEqualTo(TaskStatus.SUCCESS);
    }
    if (verdict.startsWith("All ")) {
      assertThat(hr.path("drives_failed").asInt()).isZero();
      assertThat(attributeFailingNow).as("\"passed\" beside an attribute failing now").isFalse();
    }
    if (o.status() == TaskStatus.SUCCESS) {
      assertThat(drive.healthPassed()).isTrue();
    }
  }
}
