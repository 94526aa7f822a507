package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DismOutputParserTest {
  private static DismStepOutput recorded(String action, String name) {
    return DismOutputParser.parse(action, Fixtures.lines("dism", name));
  }

  private static DismStepOutput oem(String action, String name, String charset) {
    return DismOutputParser.parse(
        action, IntegrityFixtures.lines("dism", name, Charset.forName(charset)));
  }

  @Test
  void shouldReadACleanCheckAndScanHealth() {
    DismStepOutput p =
        recorded("scanhealth", "en-win10-10240-checkhealth-scanhealth-clean-blanklines-lost.txt");

    assertThat(p.healthState()).isEqualTo("healthy");
    assertThat(p.corruptionDetected()).isFalse();
    assertThat(p.operationComplete()).isTrue();
    assertThat(p.errorCode()).isNull();
    assertThat(p.repairAttempted()).isFalse();
    assertThat(p.repairSuccess()).isNull();
    assertThat(p.verdictKnown()).isTrue();
  }

  @Test
  void shouldReadACleanSessionEndingWithARestore() {
    DismStepOutput p =
        recorded(
            "restorehealth",
            "en-win10-1903-scanhealth-checkhealth-restorehealth-clean-blanklines-lost.txt");

    assertThat(p.healthState()).isEqualTo("healthy");
    assertThat(p.restoreCompleted()).isTrue();
    assertThat(p.repairAttempted()).isTrue();
    assertThat(p.repairSuccess()).isTrue();
    assertThat(p.message()).doesNotContain("[==").endsWith("The operation completed successfully.");
  }

  @Test
  void shouldReadASuccessfulRestoreAsHealthyAndRepaired() {
    DismStepOutput p =
        recorded("restorehealth", "en-win10-1709-restorehealth-success-mslearn-quickfixes.txt");

    assertThat(p.restoreCompleted()).isTrue();
    assertThat(p.repairSuccess()).isTrue();
    assertThat(p.healthState()).isEqualTo("healthy");
    assertThat(p.corruptionDetected()).isFalse();
    assertThat(p.message()).contains("The restore operation completed successfully.");
  }

  @Test
  void shouldReadRepairableThenARestoreThatWorked() {
    // ScanHealth and CheckHealth say "repairable", RestoreHealth "completed successfully", then an
    // unrelated /SPSuperseded run fails with error 13 (all in one paste).
    DismStepOutput p =
        recorded(
            "checkhealth",
            "en-win10-1903-scanhealth-checkhealth-repairable-restorehealth-ok-spsuperseded-error13.txt");

    assertThat(p.healthState()).isEqualTo("repairable");
    assertThat(p.corruptionDetected()).isTrue();
    assertThat(p.restoreCompleted()).isTrue();
    assertThat(p.errorCode()).isEqualTo("13");
    assertThat(p.accessDenied()).isFalse();
  }

  @Test
  void shouldReadMissingSourceFilesAfterARepairableStore() {
    DismStepOutput p =
        recorded(
            "restorehealth",
            "en-win11-22000-checkhealth-scanhealth-repairable-restorehealth-0x800f081f.txt");

    assertThat(p.healthState()).isEqualTo("repairable");
    assertThat(p.corruptionDetected()).isTrue();
    assertThat(p.sourceFilesMissing()).isTrue();
    assertThat(p.errorCode()).isEqualTo("0x800f081f");
    assertThat(p.repairSuccess()).isNull();
    assertThat(p.restoreCompleted()).isFalse();
  }

  @Test
  void shouldReadMissingSourceFilesFromAnOfflinePackageInstall() {
    DismStepOutput p = recorded("restorehealth", "en-offline-add-package-rollupfix-0x800f081f.txt");
    assertThat(p.sourceFilesMissing()).isTrue();
    assertThat(p.errorCode()).isEqualTo("0x800f081f");
    assertThat(p.message())
        .endsWith("The DISM log file can be found at C:\\Windows\\Logs\\DISM\\DismLCU_boot.log");
  }

  @Test
  void shouldSeeError740AsAccessDenied() {
    DismStepOutput p = recorded("checkhealth", "en-checkhealth-not-elevated-error-740.txt");

    assertThat(p.errorCode()).isEqualTo("740");
    assertThat(p.accessDenied()).isTrue();
    assertThat(p.healthState()).isNull();
    assertThat(p.operationComplete()).isFalse();
  }

  @Test
  void shouldReadTheGermanRecordingInUtf8AndInItsOemCodePage() {
    String name = "de-win10-1709-checkhealth-scanhealth-restorehealth-clean-blanklines-lost";
    for (DismStepOutput p :
        List.of(
            recorded("checkhealth", name + ".txt"),
            oem("checkhealth", name + ".oem850.txt", "IBM850"))) {
      assertThat(p.healthState()).isEqualTo("healthy");
      assertThat(p.operationComplete()).isTrue();
      assertThat(p.restoreCompleted()).isTrue();
      assertThat(p.corruptionDetected()).isFalse();
      assertThat(p.message()).endsWith("C:\\WINDOWS\\system32>");
    }
  }

  @Test
  void shouldReadTheGermanVerdictEvenWhenTheUmlautIsGarbled() {
    // cp850 bytes read as UTF-8 turn "ä" into U+FFFD; the sentence is still recognised.
    DismStepOutput p =
        DismOutputParser.parse(
            "checkhealth",
            List.of(
                "Es wurde keine Komponentenspeicherbesch\uFFFDdigung erkannt.",
                "Der Vorgang wurde erfolgreich beendet."));
    assertThat(p.healthState()).isEqualTo("healthy");
  }

  @Test
  void shouldReadTheRussianRestoreWhoseSentenceIsWrappedMidWord() {
    String name = "ru-win81-restorehealth-success-wrapped-80col-blanklines-lost";
    for (DismStepOutput p :
        List.of(
            recorded("restorehealth", name + ".txt"),
            oem("restorehealth", name + ".oem866.txt", "IBM866"))) {
      assertThat(p.healthState()).isEqualTo("repaired");
      assertThat(p.corruptionDetected()).isTrue();
      assertThat(p.repairSuccess()).isTrue();
      assertThat(p.restoreCompleted()).isTrue();
      assertThat(p.operationComplete()).isTrue();
    }
  }

  @Test
  void shouldReadTheRussianMissingSourceError() {
    DismStepOutput p =
        oem("restorehealth", "ru-win10-22h2-enable-feature-netfx3-0x800f081f.oem866.txt", "IBM866");
    assertThat(p.errorCode()).isEqualTo("0x800f081f");
    assertThat(p.sourceFilesMissing()).isTrue();
    assertThat(p.healthState()).isNull();
    assertThat(
            recorded("restorehealth", "ru-win10-22h2-enable-feature-netfx3-0x800f081f.txt")
                .sourceFilesMissing())
        .isTrue();
  }

  @Test
  void shouldNotReadAVerdictFromALanguageWithoutARecording() {
    DismStepOutput p =
        oem(
            "checkhealth",
            "synthetic-es-checkhealth-clean-unrecognised-language.oem850.txt",
            "IBM850");
    assertThat(p.healthState()).isNull();
    assertThat(p.operationComplete()).isFalse();
    assertThat(p.verdictKnown()).isFalse();
    assertThat(p.message()).endsWith("La operación se completó correctamente.");
  }

  @Test
  void shouldReadAPlainErrorCode() {
    DismStepOutput p = recorded("scanhealth", "synthetic-en-error-87-unknown-option.txt");
    assertThat(p.errorCode()).isEqualTo("87");
    assertThat(p.accessDenied()).isFalse();
    assertThat(p.sourceFilesMissing()).isFalse();
  }

  @Test
  void shouldReadEachStepOfAReplayCase() {
    String dir = "replays/dism_health_check/repairable-then-restored/";
    DismStepOutput scan =
        DismOutputParser.parse("scanhealth", replayLines(dir + "scanhealth.stdout"));
    DismStepOutput restore =
        DismOutputParser.parse("restorehealth", replayLines(dir + "restorehealth.stdout"));

    assertThat(scan.healthState()).isEqualTo("repairable");
    assertThat(scan.message()).contains("The component store is repairable.").doesNotContain("%");
    assertThat(restore.healthState()).isEqualTo("healthy");
    assertThat(restore.repairSuccess()).isTrue();
  }

  @Test
  void shouldTellCorruptionDetectedFromNoCorruptionDetected() {
    assertThat(
            DismOutputParser.parse(
                    "scanhealth", List.of("Component store corruption was detected."))
                .healthState())
        .isEqualTo("corrupted");
    assertThat(
            DismOutputParser.parse("scanhealth", List.of("No component store corruption detected."))
                .healthState())
        .isEqualTo("healthy");
    DismStepOutput repaired =
        DismOutputParser.parse(
            "restorehealth",
            List.of(
                "The restore operation completed successfully. The component store corruption was repaired."));
    assertThat(repaired.healthState()).isEqualTo("repaired");
    assertThat(repaired.repairSuccess()).isTrue();
  }

  @Test
  void shouldOnlyTakeError5AsAccessDenied() {
    assertThat(
            DismOutputParser.parse("checkhealth", List.of("Error: 5", "Access is denied."))
                .accessDenied())
        .isTrue();
    assertThat(DismOutputParser.parse("checkhealth", List.of("Error: 50")).accessDenied())
        .isFalse();
    assertThat(DismOutputParser.parse("checkhealth", List.of("Fehler: 740")).accessDenied())
        .isTrue();
  }

  @Test
  void shouldReadTheProgressBar() {
    assertThat(
            DismOutputParser.progress(
                "[==========================50.0%                           ]"))
        .isEqualTo(OptionalDouble.of(50.0));
    assertThat(
            DismOutputParser.progress(
                "[                           0.0%                           ]"))
        .isEqualTo(OptionalDouble.of(0.0));
    assertThat(
            DismOutputParser.progress(
                "[==========================100.0%==========================] The component store is repairable."))
        .isEqualTo(OptionalDouble.of(100.0));
    assertThat(DismOutputParser.progress("Image Version: 10.0.22000.438")).isEmpty();
    assertThat(DismOutputParser.progress(null)).isEmpty();
  }

  @Test
  void shouldNeverThrow() {
    assertThat(DismOutputParser.parse(null, null).healthState()).isNull();
    assertThat(
            DismOutputParser.parse("x", Arrays.asList(null, "", "[", "]%", "[==%==]"))
                .verdictKnown())
        .isFalse();
    assertThat(
            DismOutputParser.parse("restorehealth", List.of("[" + "=".repeat(100_000) + "1%"))
                .message())
        .isNotNull();
  }

  private static List<String> replayLines(String path) {
    try {
      String text =
          new String(
              java.nio.file.Files.readAllBytes(Fixtures.root().resolve(path)),
              StandardCharsets.US_ASCII);
      return Arrays.asList(text.split("\r\n|\r|\n"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
