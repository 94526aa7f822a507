package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChkdskOutputParserTest {

  private static ChkdskOutput parse(String fixture) {
    return ChkdskOutputParser.parse(Fixtures.lines("chkdsk", fixture));
  }

  private static void assertSizes(
      ChkdskOutput p, Long total, Long files, Long indexes, Long bad, Long system, Long available) {
    assertThat(p.totalDiskKb()).as("total").isEqualTo(total);
    assertThat(p.inFilesKb()).as("files").isEqualTo(files);
    assertThat(p.inIndexesKb()).as("indexes").isEqualTo(indexes);
    assertThat(p.badSectorsKb()).as("bad sectors").isEqualTo(bad);
    assertThat(p.systemUseKb()).as("system").isEqualTo(system);
    assertThat(p.availableKb()).as("available").isEqualTo(available);
  }

  // ---- one test per recorded file ---------------------------------------------------------

  @Test
  void shouldReadWin10ReadOnlyNoProblemsWithFullSummary() {
    ChkdskOutput p = parse("en-win10-readonly-no-problems-full-summary-blanklines-lost.txt");
    assertThat(p.foundNoProblems()).isTrue();
    assertThat(p.errorsFound()).isFalse();
    assertThat(p.volumeInUse()).isFalse();
    assertThat(p.filesystemType()).isEqualTo("NTFS");
    assertSizes(p, 116655103L, 56964832L, 75720L, 0L, 436747L, 59177804L);
    assertThat(p.durationSeconds()).isNull();
  }

  @Test
  void shouldReadWin7ReadOnlyNoProblems() {
    ChkdskOutput p = parse("en-win7-readonly-no-problems-stage-1-of-3.txt");
    assertThat(p.foundNoProblems()).isTrue();
    assertThat(p.errorsFound()).isFalse();
    assertSizes(p, 170221567L, 61179628L, 72028L, 0L, 363863L, 108606048L);
  }

  @Test
  void shouldCountWin7FoundProblemsRunFAsErrors() {
    ChkdskOutput p = parse("en-win7-readonly-found-problems-run-f-blanklines-lost.txt");
    // "Windows found problems with the file system." — the runner's regex missed it.
    assertThat(p.errorsFound()).isTrue();
    assertThat(p.foundNoProblems()).isFalse();
    assertThat(p.madeCorrections()).as("'Correcting errors in …' in read-only mode corrects nothing").isFalse();
    assertSizes(p, 732571624L, 612927208L, 106112L, 0L, 493292L, 119045012L);
  }

  @Test
  void shouldCountWin10FoundProblemsAsErrorsAndReadATruncatedMbTotal() {
    ChkdskOutput p = parse("en-win10-1809-readonly-found-problems-mft-bitmap-MB-units-partial.txt");
    assertThat(p.errorsFound()).isTrue();
    assertThat(p.foundNoProblems()).isFalse();
    assertThat(p.filesystemType()).isEqualTo("NTFS");
    // "5723035 MB total disk spa" (the paste stops there)
    assertSizes(p, 5723035L * 1024, null, null, null, null, null);
  }

  @Test
  void shouldReadErrorsFoundCannotContinueInReadOnlyMode() {
    ChkdskOutput p = parse("en-readonly-errors-then-scan-queued-offline-repair-partial-blanklines-lost.txt");
    assertThat(p.errorsFound()).isTrue();
    assertThat(p.foundNoProblems()).isFalse();
    assertThat(p.madeCorrections()).isFalse();
    assertSizes(p, null, null, null, null, null, null);
  }

  @Test
  void shouldReadScheduledCheckOnTheSystemDrive() {
    ChkdskOutput p = parse("en-f-system-drive-cannot-lock-schedule-yes-mslearn.txt");
    assertThat(p.lockFailed()).isTrue();
    assertThat(p.volumeInUse()).isTrue();
    assertThat(p.prompted()).isTrue();
    assertThat(p.schedulePrompt()).isTrue();
    assertThat(p.dismountPrompt()).isFalse();
    assertThat(p.scheduled()).isTrue();
    assertThat(p.hasVerdict()).isFalse();
  }

  @Test
  void shouldReadForcedDismountFollowedByACleanCheck() {
    ChkdskOutput p = parse("en-f-force-dismount-prompt-y-nonsystem-partial.txt");
    // "in use by another⏎process." is wrapped: matched on the joined text
    assertThat(p.volumeInUse()).isTrue();
    assertThat(p.lockFailed()).isTrue();
    assertThat(p.prompted()).isTrue();
    assertThat(p.dismountPrompt()).isTrue();
    assertThat(p.schedulePrompt()).isFalse();
    assertThat(p.dismounted()).isTrue();
    assertThat(p.scheduled()).isFalse();
    assertThat(p.foundNoProblems()).isTrue();
    assertSizes(p, 625114111L, 227754844L, 856L, null, null, null); // cut at "0 KB"
  }

  @Test
  void shouldReadCannotLockThenDismountedFiveStageCheck() {
    ChkdskOutput p = parse("en-f-r-x-nonsystem-cannot-lock-dismounted-stage1-5-partial.txt");
    assertThat(p.lockFailed()).isTrue();
    assertThat(p.dismounted()).isTrue();
    assertThat(p.prompted()).isFalse();
    assertThat(p.foundNoProblems()).isTrue();
    assertSizes(p, 625114111L, 52288L, null, null, null, null); // cut at "72 KB in 13 ind"
  }

  @Test
  void shouldReadFatSummaryInBytesWithCommaGrouping() {
    ChkdskOutput p = parse("en-fat-volume-in-use-bytes-comma-grouping-blanklines-lost.txt");
    assertThat(p.filesystemType()).isEqualTo("FAT");
    assertThat(p.volumeInUse()).as("the read-only note").isTrue();
    assertThat(p.lockFailed()).isFalse();
    assertThat(p.foundNoProblems()).isTrue();
    // 58,662,912 / 26,542,080 / 32,104,448 bytes
    assertSizes(p, 57288L, 25920L, null, null, null, 31352L);
  }

  @Test
  void shouldReadAccessDenied() {
    ChkdskOutput p = parse("en-not-elevated-access-denied.txt");
    assertThat(p.accessDenied()).isTrue();
    assertThat(p.lockFailed()).as("'may be locked by another process' is not a lock failure").isFalse();
    assertThat(p.hasVerdict()).isFalse();
  }

  @Test
  void shouldFindNoVerdictInCutOffScanOutputs() {
    ChkdskOutput p1607 = parse("en-win10-1607-scan-partial-blanklines-lost.txt"); // "…found no proble"
    ChkdskOutput p1709 = parse("en-win10-1709-scan-partial-blanklines-lost.txt"); // "Windows h"
    for (ChkdskOutput p : List.of(p1607, p1709)) {
      assertThat(p.hasVerdict()).isFalse();
      assertThat(p.filesystemType()).isEqualTo("NTFS");
      assertThat(p.accessDenied()).isFalse();
    }
  }

  @Test
  void shouldReadNothingEnglishInTheGermanMojibakeRecording() {
    ChkdskOutput p = parse("de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.txt");
    assertThat(p).isEqualTo(ChkdskOutput.empty());
  }

  @Test
  void shouldDecodeTheGermanRecordingFromCp850() throws Exception {
    byte[] raw = Files.readAllBytes(Fixtures.toolOutput(
        "chkdsk", "de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.oem850.txt"));
    List<String> lines = Arrays.asList(new String(raw, Charset.forName("IBM850")).split("\r\n"));
    assertThat(lines.get(2)).isEqualTo("meldet möglicherweise Fehler wenn keine Beschädigung vorliegt.");
    assertThat(ChkdskOutputParser.parse(lines).hasVerdict()).isFalse();
  }

  // ---- reconstructed outputs (fixtures/tool-outputs/chkdsk/README.md) ---------------------

  @Test
  void shouldReadCorrectionsAndTotalDuration() {
    ChkdskOutput p = parse("synthetic-en-win10-f-made-corrections-total-duration.txt");
    assertThat(p.madeCorrections()).isTrue();
    assertThat(p.foundNoProblems()).isTrue();
    assertThat(p.errorsFound()).isFalse();
    assertThat(p.durationSeconds()).isEqualTo(2.513);
    assertSizes(p, 31455231L, 102400L, 72L, 0L, 70935L, 31281824L);
  }

  @Test
  void shouldConvertAFullMbSummaryToKb() {
    ChkdskOutput p = parse("synthetic-en-win10-readonly-found-problems-MB-units-full-summary.txt");
    assertThat(p.errorsFound()).isTrue();
    assertThat(p.durationSeconds()).isEqualTo(41.26);
    assertSizes(p, 5723035L * 1024, 4912337L * 1024, 1021L * 1024, 0L, 3021L * 1024, 806654L * 1024);
  }

  @Test
  void shouldReadOtherReconstructedBranches() {
    assertThat(parse("synthetic-en-invalid-drive.txt").invalidDrive()).isTrue();
    ChkdskOutput unanswered = parse("synthetic-en-f-system-drive-schedule-prompt-unanswered.txt");
    assertThat(unanswered.schedulePrompt()).isTrue();
    assertThat(unanswered.scheduled()).isFalse();
    ChkdskOutput raw = parse("synthetic-en-raw-not-available-exit3.txt");
    assertThat(raw.filesystemType()).isEqualTo("RAW");
    assertThat(raw.hasVerdict()).isFalse();
    ChkdskOutput notFixed = parse("synthetic-en-f-found-problems-could-not-fix.txt");
    assertThat(notFixed.errorsFound()).isTrue();
    assertThat(notFixed.madeCorrections()).isFalse();
    assertThat(notFixed.foundNoProblems()).isFalse();
  }

  // ---- robustness -------------------------------------------------------------------------

  @Test
  void shouldMatchCaseInsensitivelyAndIgnoreNoErrorsFound() {
    ChkdskOutput p = ChkdskOutputParser.parse(List.of("WINDOWS HAS SCANNED THE FILE SYSTEM AND FOUND NO PROBLEMS.", "No errors found."));
    assertThat(p.foundNoProblems()).isTrue();
    assertThat(p.errorsFound()).isFalse();
  }

  @Test
  void shouldNeverThrowOnNullsOrGarbage() {
    assertThat(ChkdskOutputParser.parse(null)).isEqualTo(ChkdskOutput.empty());
    List<String> junk = new ArrayList<>();
    junk.add(null);
    junk.add("99999999999999999999 KB total disk space.");
    junk.add("x".repeat(100_000));
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[r.nextInt(120)];
      r.nextBytes(b);
      junk.add(new String(b, Charset.forName("IBM850")));
    }
    ChkdskOutput p = ChkdskOutputParser.parse(junk);
    assertThat(p.totalDiskKb()).isNull();
  }
}
