package io.autoservice.agent.tasks.kvrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconstructed KVRT outputs in fixtures/tool-outputs/kvrt/ (no real capture exists). */
class KvrtOutputParserTest {

  private static KvrtOutput parse(String fixture) {
    return KvrtOutputParser.parse(Fixtures.lines("kvrt", fixture));
  }

  @Test
  void shouldReadTheTotalsOfACleanScanTakingTheLastProcessedCount() {
    KvrtOutput p = parse("synthetic-clean.txt");

    assertThat(p.processed()).isEqualTo(184_213L);
    assertThat(p.processingErrors()).isZero();
    assertThat(p.detected()).isZero();
    assertThat(p.passwordProtected()).isEqualTo(12L);
    assertThat(p.corrupted()).isEqualTo(1L);
    assertThat(p.detections()).isEmpty();
    assertThat(p.totalsFound()).isTrue();
    assertThat(p.threatsFound()).isZero();
  }

  @Test
  void shouldPairDetectionsWithTheirActionsAndCountARepeatedActionOnce() {
    KvrtOutput p = parse("synthetic-threats-removed.txt");

    assertThat(p.detections())
        .containsExactly(
            new KvrtDetection(
                "HEUR:Trojan.Win32.Generic",
                "C:\\Users\\Alex\\AppData\\Local\\Temp\\setup_4f2a.exe",
                "Delete"),
            new KvrtDetection(
                "not-a-virus:HEUR:AdWare.Win32.Agent.gen",
                "C:\\Program Files (x86)\\ToolBar\\toolbar.dll",
                "Disinfect"));
    assertThat(p.removedCount()).isEqualTo(2);
    assertThat(p.detected()).isEqualTo(2L);
    assertThat(p.processingErrors()).isEqualTo(2L);
    assertThat(p.threatsFound()).isEqualTo(2);
  }

  @Test
  void shouldKeepSkippedAndActionlessDetectionsAsNotRemoved() {
    KvrtOutput p = parse("synthetic-threats-skipped.txt");

    assertThat(p.detections())
        .extracting(KvrtDetection::action)
        .containsExactly("Delete", "Skip", null);
    assertThat(p.removedCount()).isEqualTo(1);
    assertThat(p.skippedCount()).isEqualTo(1);
    assertThat(p.detected()).isEqualTo(3L);
    assertThat(p.processed()).isEqualTo(97_511L);
  }

  @Test
  void shouldReadWhatAFailedRunPrintedBeforeItsError() {
    KvrtOutput p = parse("synthetic-error-exit-1.txt");

    assertThat(p.processed()).isEqualTo(1523L);
    assertThat(p.detected()).isNull();
    assertThat(p.detections()).isEmpty();
  }

  @Test
  void shouldFindNoTotalsInRussianOutput() {
    KvrtOutput p = parse("synthetic-ru-totals-unreadable.txt");

    assertThat(p.totalsFound()).isFalse();
    assertThat(p.detections()).isEmpty();
  }

  @Test
  void shouldFindNothingInAnEmptyOutput() {
    assertThat(parse("synthetic-empty.txt").totalsFound()).isFalse();
    assertThat(KvrtOutputParser.parse(null).detections()).isEmpty();
    assertThat(
            KvrtOutputParser.parse(
                    Arrays.asList("Processed: 99999999999999999999", null, "Detected: 3"))
                .detected())
        .isEqualTo(3L);
  }

  @Test
  void shouldReportPercentagesCountsAndDetectionsAsProgress() {
    List<String> lines = Fixtures.lines("kvrt", "synthetic-progress-percent.txt");
    assertThat(
            lines.stream()
                .map(KvrtOutputParser::progress)
                .flatMap(java.util.Optional::stream)
                .map(KvrtOutputParser.Progress::percent))
        .containsExactly(10.0, 55.0, 100.0, -1.0);

    assertThat(KvrtOutputParser.progress("Processed: 50000"))
        .contains(new KvrtOutputParser.Progress(-1, "Scanning: 50000 objects processed"));
    assertThat(
            KvrtOutputParser.progress(
                "Threat <EICAR-Test-File> is detected on object <C:\\eicar.com>"))
        .contains(new KvrtOutputParser.Progress(-1, "Threat detected: EICAR-Test-File"));
    assertThat(KvrtOutputParser.progress("Scan started: 15.03.2025 10:02:11")).isEmpty();
    assertThat(KvrtOutputParser.progress(null)).isEmpty();
  }

  @Test
  void shouldNeverThrowOnStrangeInput() {
    String huge = "Threat <" + "x".repeat(100_000);
    KvrtOutput p =
        KvrtOutputParser.parse(
            List.of(huge, "Action <> is selected for threat <> on object <>", "\u0000\uFFFD"));
    assertThat(p.detections()).isEmpty();
  }

  @Test
  void shouldReadTotalsGroupedAsTheDisplayLanguageWritesThem() {
    KvrtOutput o =
        KvrtOutputParser.parse(
            List.of(
                "Processed: 1\u00A0234\u00A0567",
                "Processing errors: 1.024",
                "Detected: 12,345",
                "Password protected: 2 048",
                "Corrupted: 3'072"));
    assertThat(o.processed()).isEqualTo(1_234_567L);
    assertThat(o.processingErrors()).isEqualTo(1_024L);
    assertThat(o.detected()).isEqualTo(12_345L);
    assertThat(o.passwordProtected()).isEqualTo(2_048L);
    assertThat(o.corrupted()).isEqualTo(3_072L);
  }
}
