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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    assertThat(p.madeCorrections())
        .as("'Correcting errors in …' in read-only mode corrects nothing")
        .isFalse();
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
    ChkdskOutput p =
        parse("en-readonly-errors-then-scan-queued-offline-repair-partial-blanklines-lost.txt");
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
    assertThat(p.lockFailed())
        .as("'may be locked by another process' is not a lock failure")
        .isFalse();
    assertThat(p.hasVerdict()).isFalse();
  }

  @Test
  void shouldFindNoVerdictInCutOffScanOutputs() {
    ChkdskOutput p1607 =
        parse("en-win10-1607-scan-partial-blanklines-lost.txt"); // "…found no proble"
    ChkdskOutput p1709 = parse("en-win10-1709-scan-partial-blanklines-lost.txt"); // "Windows h"
    for (ChkdskOutput p : List.of(p1607, p1709)) {
      assertThat(p.hasVerdict()).isFalse();
      assertThat(p.filesystemType()).isEqualTo("NTFS");
      assertThat(p.accessDenied()).isFalse();
    }
  }

  @Test
  void shouldReadTheFileSystemAndInUseNoteOfTheGermanMojibakeRecording() {
    // Was: nothing read at all (ChkdskOutput.empty()). The file system's name is read by shape and
    // the read-only note "Das Volume wird von einem anderen Prozess benutzt." from the German
    // table.
    ChkdskOutput p =
        parse("de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.txt");
    assertThat(p.filesystemType()).isEqualTo("NTFS");
    assertThat(p.volumeInUse()).isTrue();
    assertThat(p.lockFailed()).as("a note, not a lock failure").isFalse();
    assertThat(p.hasVerdict()).as("cut off before any verdict").isFalse();
    assertThat(p.checked()).isFalse();
  }

  @Test
  void shouldDecodeTheGermanRecordingFromCp850() throws Exception {
    byte[] raw =
        Files.readAllBytes(
            Fixtures.toolOutput(
                "chkdsk",
                "de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.oem850.txt"));
    List<String> lines = Arrays.asList(new String(raw, Charset.forName("IBM850")).split("\r\n"));
    assertThat(lines.get(2))
        .isEqualTo("meldet möglicherweise Fehler wenn keine Beschädigung vorliegt.");
    assertThat(ChkdskOutputParser.parse(lines).hasVerdict()).isFalse();
  }

  // ---- non-English recordings: sizes by structure, verdict phrases of the table ----------

  @Test
  void shouldReadAGermanAutochkSummaryByItsStructure() {
    ChkdskOutput p = parse("de-xp-autochk-cleanup-stages-4-5-full-summary.txt");
    assertThat(p.filesystemType()).isEqualTo("NTFS");
    assertThat(p.hasVerdict()).as("autochk prints no closing sentence after a cleanup").isFalse();
    assertSizes(p, 20482843L, 9846104L, 17244L, 0L, 255631L, 10363864L);
  }

  @Test
  void shouldReadGermanCorrections() {
    ChkdskOutput p = parse("de-xp-f-problems-fixed-full-summary-partial.txt");
    assertThat(p.madeCorrections()).as("Windows hat Probleme im Dateisystem behoben.").isTrue();
    assertThat(p.foundNoProblems()).isFalse();
    assertSizes(p, 1412699840L, 762270708L, 160820L, 0L, 600756L, 649667556L);
  }

  @Test
  void shouldReadAGermanLockFailureDismountPromptAndCleanCheck() {
    ChkdskOutput p = parse("de-xp-f-cannot-lock-dismount-prompt-j-no-problems-full-summary.txt");
    assertThat(p.lockFailed()).isTrue();
    assertThat(p.prompted()).as("(J/N)").isTrue();
    assertThat(p.dismounted()).isTrue();
    assertThat(p.foundNoProblems()).as("Es wurden keine Probleme festgestellt.").isTrue();
    assertThat(p.checked()).isTrue();
    assertSizes(p, 1412699840L, 762270708L, 160820L, 0L, 600756L, 649667556L);
  }

  @Test
  void shouldReadSpanishCorrectionsAndTheLogLineWhoseNumberComesLast() {
    ChkdskOutput p =
        parse("es-xp-autochk-corrections-log-line-number-last-internal-info-partial.txt");
    assertThat(p.madeCorrections()).as("Windows ha hecho algunas correciones …").isTrue();
    assertThat(p.foundNoProblems()).isFalse();
    assertSizes(p, 83007816L, 47452596L, 10116L, 0L, 167700L, 35377404L);
    ChkdskSummary s =
        ChkdskSummaryReader.read(
            Fixtures.lines(
                "chkdsk",
                "es-xp-autochk-corrections-log-line-number-last-internal-info-partial.txt"),
            "NTFS");
    assertThat(s.logFileKb()).isEqualTo(65536L);
    assertThat(s.allocationUnitBytes()).isEqualTo(4096L);
    assertThat(s.totalAllocationUnits()).isEqualTo(20751954L);
    assertThat(s.availableAllocationUnits()).isEqualTo(8844351L);
    assertThat(s.complete()).isTrue();
  }

  @Test
  void shouldReadSpanishNoProblemsAndTotalDuration() {
    ChkdskOutput p = parse("es-win10-readonly-no-problems-total-duration-partial.txt");
    assertThat(p.foundNoProblems()).isTrue();
    assertThat(p.durationSeconds()).isEqualTo(125.659);
    assertSizes(p, 976249556L, 688012772L, 935536L, 0L, 2164068L, 285137180L);
    ChkdskOutput r = parse("es-xp-autochk-r-cleanup-stages-4-5-full-summary.txt");
    assertThat(r.filesystemType()).isEqualTo("NTFS");
    assertSizes(r, 83007816L, 47518916L, 10252L, 0L, 167704L, 35310944L);
  }

  @Test
  void shouldReadARussianOutputWithItsCountsAtTheEndOfTheLine() {
    ChkdskOutput p = parse("ru-win10-readonly-no-problems-count-last-alloc-lines-full.txt");
    assertThat(p.filesystemType()).isEqualTo("NTFS");
    assertThat(p.foundNoProblems()).isTrue();
    assertThat(p.durationSeconds()).as("(62892 мс), not a phase's 185.81 мс").isEqualTo(62.892);
    assertSizes(p, 244196351L, 213091424L, 548564L, 0L, 1579167L, 28977196L);
    ChkdskSummary s =
        ChkdskSummaryReader.read(
            Fixtures.lines(
                "chkdsk", "ru-win10-readonly-no-problems-count-last-alloc-lines-full.txt"),
            "NTFS");
    assertThat(s.totalAllocationUnits()).isEqualTo(61049087L);
    assertThat(s.availableAllocationUnits()).isEqualTo(7244299L);
  }

  @Test
  void shouldReadAChineseSummaryThatPutsTheCountBeforeTheSize() {
    ChkdskOutput p = parse("zh-cn-win10-18363-readonly-no-problems-count-first-summary.txt");
    assertThat(p.filesystemType()).isEqualTo("NTFS");
    assertThat(p.foundNoProblems()).as("Windows 已扫描文件系统并且没有发现问题。").isTrue();
    assertSizes(p, 307199999L, 26412124L, 18832L, 0L, 219231L, 280549812L);
    ChkdskSummary s =
        ChkdskSummaryReader.read(
            Fixtures.lines(
                "chkdsk", "zh-cn-win10-18363-readonly-no-problems-count-first-summary.txt"),
            "NTFS");
    assertThat(s.allocationUnitBytes()).isEqualTo(4096L);
    assertThat(s.totalAllocationUnits()).isEqualTo(76799999L);
    assertThat(s.availableAllocationUnits()).isEqualTo(70137453L);
    assertThat(parse("zh-cn-not-elevated-access-denied.txt").accessDenied()).as("访问被拒绝").isTrue();
  }

  @Test
  void shouldReadPortugueseAndItalianChecks() {
    ChkdskOutput pt = parse("pt-br-xp-f-x-dismounted-no-problems-full-summary.txt");
    assertThat(pt.foundNoProblems()).isTrue();
    assertThat(pt.dismounted()).as("Volume desmontado.").isTrue();
    assertSizes(pt, 58878224L, 7342712L, 11708L, 0L, 96752L, 51427052L);
    ChkdskOutput it = parse("it-f-r-corrections-stage-5-end-full-summary.txt");
    assertThat(it.madeCorrections()).as("Correzioni apportate al file system.").isTrue();
    assertThat(it.foundNoProblems()).isFalse();
    assertSizes(it, 693545983L, 405871876L, 23176L, 0L, 164779L, 287486152L);
  }

  @Test
  void shouldReadAFat32SummaryWithBadSectorsAndHiddenFiles() {
    // Reconstructed (no such capture found): the FAT lines in the order of chkdsk's message table
    // (MSG_TOTAL_DISK_SPACE, MSG_BAD_SECTORS, MSG_HIDDEN_FILES, MSG_DIRECTORIES, MSG_USER_FILES),
    // with German words and dot grouping, to show that only the structure is read.
    List<String> lines =
        List.of(
            "Der Typ des Dateisystems ist FAT32.",
            "  31.248.384 Bytes Speicherplatz auf dem Datenträger insgesamt",
            "      16.384 Bytes in fehlerhaften Sektoren",
            "      32.768 Bytes in 2 versteckten Dateien",
            "      98.304 Bytes in 12 Ordnern",
            "  30.375.936 Bytes in 159 Dateien",
            "     724.992 Bytes auf dem Datenträger verfügbar",
            "       4.096 Bytes in jeder Zuordnungseinheit",
            "       7.629 Zuordnungseinheiten auf dem Datenträger insgesamt",
            "         177 Zuordnungseinheiten auf dem Datenträger verfügbar");
    ChkdskOutput p = ChkdskOutputParser.parse(lines);
    assertThat(p.filesystemType()).isEqualTo("FAT32");
    assertSizes(p, 30516L, 29664L, null, 16L, null, 708L);
  }

  @ParameterizedTest(name = "grouped with {0}")
  @ValueSource(strings = {" ", "\u00A0", "\u202F", ".", "'", ","})
  void shouldReadTheSummaryWhateverTheDigitGrouping(String escaped) {
    String mark =
        escaped.startsWith("\\u")
            ? String.valueOf((char) Integer.parseInt(escaped.substring(2), 16))
            : escaped;
    List<String> lines = new ArrayList<>();
    for (String line :
        Fixtures.lines("chkdsk", "ru-win10-readonly-no-problems-count-last-alloc-lines-full.txt")) {
      lines.add(group(line, mark));
    }
    assertThat(lines).anyMatch(l -> l.contains("244" + mark + "196" + mark + "351"));
    ChkdskOutput p = ChkdskOutputParser.parse(lines);
    assertSizes(p, 244196351L, 213091424L, 548564L, 0L, 1579167L, 28977196L);
  }

  /**
   * Groups every run of five or more digits by three with {@code mark}, as a localised Windows
   * does.
   */
  private static String group(String line, String mark) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?<![\\d.])\\d{5,}(?![\\d.])").matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String d = m.group();
      StringBuilder g = new StringBuilder();
      for (int i = 0; i < d.length(); i++) {
        if (i > 0 && (d.length() - i) % 3 == 0) {
          g.append(mark);
        }
        g.append(d.charAt(i));
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(g.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  // ---- reconstructed outputs (fixtures/tool-outputs/chkdsk/README.md) ---------------------

  @Test
  void shouldReadCorrectionsAndTotalDuration() {
    ChkdskOutput p = parse("synthetic-en-win10-f-made-corrections-total-duration.txt");
    assertThat(p.madeCorrections()).isTrue();
    // "No further action is required." follows the corrections: it no longer makes the output
    // "found no problems" as well, which contradicted the corrections (issue #12).
    assertThat(p.foundNoProblems()).isFalse();
    assertThat(p.errorsFound()).isFalse();
    assertThat(p.durationSeconds()).isEqualTo(2.513);
    assertSizes(p, 31455231L, 102400L, 72L, 0L, 70935L, 31281824L);
  }

  @Test
  void shouldConvertAFullMbSummaryToKb() {
    ChkdskOutput p = parse("synthetic-en-win10-readonly-found-problems-MB-units-full-summary.txt");
    assertThat(p.errorsFound()).isTrue();
    assertThat(p.durationSeconds()).isEqualTo(41.26);
    assertSizes(
        p, 5723035L * 1024, 4912337L * 1024, 1021L * 1024, 0L, 3021L * 1024, 806654L * 1024);
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
    ChkdskOutput p =
        ChkdskOutputParser.parse(
            List.of(
                "WINDOWS HAS SCANNED THE FILE SYSTEM AND FOUND NO PROBLEMS.", "No errors found."));
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
