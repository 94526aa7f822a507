package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.integrity.SfcOutput.Verdict;
import io.autoservice.agent.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CbsSfcFindingsTest {
  @TempDir Path tmp;

  static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static CbsSfcFindings read(String fixture) {
    return CbsSfcFindings.of(
        new CbsLog(Fixtures.toolOutput("sfc", fixture), Clock.systemDefaultZone())
            .sfcLinesSince(EPOCH));
  }

  static Clock at(LocalDateTime t) {
    return Clock.fixed(t.atZone(ZoneId.systemDefault()).toInstant(), ZoneId.systemDefault());
  }

  @Test
  void shouldCountRepairedDriverFilesOfAWindows11Scannow() {
    CbsSfcFindings f = read("cbs-win11-24h2-scannow-pnp-drivers-repaired-tail.log");
    assertThat(f.verdict())
        .as("'Repairing 0 components', yet three drivers repaired")
        .isEqualTo(Verdict.REPAIRED);
    assertThat(f.repaired()).isEqualTo(3);
    assertThat(f.leftCorrupt()).isZero();
    assertThat(f.repairComplete()).isTrue();
  }

  @Test
  void shouldCountDriverFilesLeftCorrupt() {
    CbsSfcFindings f = read("cbs-win11-24h2-verifyonly-pnp-corrupt-tail.log");
    assertThat(f.verdict()).isEqualTo(Verdict.NOT_ALL_REPAIRED);
    assertThat(f.leftCorrupt()).isEqualTo(3);
  }

  @Test
  void shouldSeeFilesThatCouldNotBeReprojected() {
    CbsSfcFindings f = read("cbs-winserver2022-could-not-reproject-notes.log");
    assertThat(f.verdict()).isEqualTo(Verdict.NOT_ALL_REPAIRED);
    assertThat(f.leftCorrupt()).isEqualTo(2);
    assertThat(f.storeCopyDamaged()).isEqualTo(1);
  }

  @Test
  void shouldCallACompleteScanWithNothingCorruptClean() {
    assertThat(read("synthetic-cbs-win11-scannow-clean.log").verdict())
        .isEqualTo(Verdict.NO_VIOLATIONS);
  }

  @Test
  void shouldLeaveTheVerdictToTheConsoleForAStoreCopyAloneOrNoLines() {
    List<String> kb954402 =
        List.of(
            "2026-09-25 20:13:52, Info                  CSI    000002b3 [SR] Verify complete",
            "2026-09-25 20:13:52, Info                  CSI    00000145 [SR] Cannot repair member file"
                + " [l:18{9}]\"img11.jpg\" of Microsoft-Windows-Shell-Wallpaper-Common in the store, hash mismatch",
            "2026-09-25 20:13:52, Info                  CSI    000002b6 [SR] Repair complete");
    assertThat(CbsSfcFindings.of(kb954402).verdict()).isEqualTo(Verdict.NONE);
    assertThat(CbsSfcFindings.of(List.of()).verdict()).isEqualTo(Verdict.NONE);
  }

  @Test
  void shouldReadOnlyTheLinesOfThisRun() throws Exception {
    List<String> log = new ArrayList<>();
    log.addAll(
        Files.readAllLines(
            Fixtures.toolOutput("sfc", "cbs-winserver2022-could-not-reproject-notes.log")));
    log.add(
        "2026-09-25 20:12:33, Info                  CBS    TI: --- Initializing Trusted Installer ---");
    log.addAll(
        Files.readAllLines(
            Fixtures.toolOutput("sfc", "cbs-win11-24h2-scannow-pnp-drivers-repaired-tail.log")));
    Path file = tmp.resolve("CBS.log");
    Files.write(file, log);

    CbsLog evening = new CbsLog(file, at(LocalDateTime.of(2026, 9, 25, 20, 0)));
    assertThat(CbsSfcFindings.of(evening.sfcLinesSince(evening.now())).verdict())
        .isEqualTo(Verdict.REPAIRED);
    CbsLog earlier = new CbsLog(file, at(LocalDateTime.of(2025, 9, 19, 14, 0)));
    assertThat(CbsSfcFindings.of(earlier.sfcLinesSince(earlier.now())).verdict())
        .as("the 2025 run's unrepaired files count when it is the run")
        .isEqualTo(Verdict.NOT_ALL_REPAIRED);
    CbsLog later = new CbsLog(file, at(LocalDateTime.of(2026, 9, 26, 0, 0)));
    assertThat(later.sfcLinesSince(later.now())).isEmpty();
  }

  @Test
  void shouldFindTheLogUnderWindirOrTheOverrideAndNeverThrow() {
    assertThat(CbsLog.system(Map.of()).sfcLinesSince(EPOCH)).isEmpty();
    assertThat(CbsLog.system(Map.of("WINDIR", tmp.toString())).sfcLinesSince(EPOCH))
        .as("no such file")
        .isEmpty();
    Path fixture = Fixtures.toolOutput("sfc", "cbs-win11-24h2-verifyonly-pnp-corrupt-tail.log");
    assertThat(
            CbsLog.system(Map.of(CbsLog.PATH_ENV, fixture.toString(), "WINDIR", "C:\\Windows"))
                .sfcLinesSince(EPOCH))
        .hasSize(18);
  }
}
