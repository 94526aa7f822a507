package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChkdskProgressTest {

  private static List<ChkdskProgress.Step> feed(int stages, List<String> lines) {
    ChkdskProgress t = new ChkdskProgress(stages);
    List<ChkdskProgress.Step> steps = new ArrayList<>();
    lines.forEach(l -> t.accept(l).ifPresent(steps::add));
    return steps;
  }

  private static List<Double> percents(List<ChkdskProgress.Step> steps) {
    return steps.stream().map(ChkdskProgress.Step::percent).toList();
  }

  @Test
  void shouldReportWin10StagesOfAFiveStageComprehensiveCheck() {
    List<ChkdskProgress.Step> steps =
        feed(
            5,
            Fixtures.lines(
                "chkdsk", "en-f-r-x-nonsystem-cannot-lock-dismounted-stage1-5-partial.txt"));
    assertThat(percents(steps)).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0);
    assertThat(steps.get(3).message())
        .isEqualTo("Stage 4: Looking for bad clusters in user file data ...");
  }

  @Test
  void shouldReportThreeStagesOfAReadOnlyCheck() {
    List<ChkdskProgress.Step> steps =
        feed(
            3,
            Fixtures.lines(
                "chkdsk", "en-win10-readonly-no-problems-full-summary-blanklines-lost.txt"));
    assertThat(percents(steps)).hasSize(3);
    assertThat(percents(steps).get(2)).isCloseTo(66.67, within(0.01));
  }

  @Test
  void shouldScaleWin7StagePercentagesIntoTheWholeRun() {
    List<ChkdskProgress.Step> steps =
        feed(3, Fixtures.lines("chkdsk", "synthetic-en-win7-readonly-percent-progress.txt"));
    assertThat(percents(steps))
        .usingComparatorForType(
            (a, b) -> Math.abs(a - b) < 0.01 ? 0 : Double.compare(a, b), Double.class)
        .containsExactly(0.0, 8.33, 16.67, 33.33, 33.33, 53.33, 66.67, 100.0);
  }

  @Test
  void shouldTreatGermanPercentagesAsOverallBecauseTheRecordCountsSaySo() throws Exception {
    byte[] raw =
        Files.readAllBytes(
            Fixtures.toolOutput(
                "chkdsk",
                "de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.oem850.txt"));
    List<String> lines = List.of(new String(raw, Charset.forName("IBM850")).split("\r\n"));
    List<ChkdskProgress.Step> steps = feed(3, lines);
    // "CHKDSK berprft Dateien (Phase 1 von 3)..." then "N Prozent abgeschlossen. (x von y …)"
    assertThat(steps.get(0).percent()).isZero();
    assertThat(steps.get(0).message()).contains("Phase 1 von 3");
    assertThat(steps.get(steps.size() - 1).percent()).isEqualTo(5.0); // 5 %, at 129280 von 258560
    assertThat(steps.get(steps.size() - 1).message()).startsWith("5 Prozent abgeschlossen.");
  }

  @Test
  void shouldPreferTheTotalOfTheWin10ProgressLineAndNeverGoBack() {
    List<ChkdskProgress.Step> steps =
        feed(
            3,
            List.of(
                "Stage 2: Examining file name linkage ...",
                "Progress: 1000 of 4000 done; Stage: 25%; Total: 41%; ETA:   0:00:10 ..",
                "Progress: 1200 of 4000 done; Stage: 30%; Total: 40%; ETA:   0:00:09 .."));
    assertThat(percents(steps)).containsExactly(33.333333333333336, 41.0, 41.0);
  }

  @Test
  void shouldIgnoreOtherLinesAndNeverThrow() {
    ChkdskProgress t = new ChkdskProgress(3);
    assertThat(t.accept(null)).isEmpty();
    assertThat(t.accept("  256 file records processed.")).isEmpty();
    assertThat(t.accept("Stage 0: nonsense")).isEmpty();
    assertThat(t.accept("x".repeat(10_000))).isEmpty();
    assertThat(t.accept("999 percent complete."))
        .hasValueSatisfying(s -> assertThat(s.percent()).isEqualTo(100.0));
  }
}
