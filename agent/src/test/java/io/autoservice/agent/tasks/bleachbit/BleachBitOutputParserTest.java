package io.autoservice.agent.tasks.bleachbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BleachBitOutputParserTest {

  /** A recording's stdout, then its stderr when one was recorded ({@code <name>.stderr.txt}). */
  private static BleachBitOutput parse(String stem) {
    List<String> lines = new ArrayList<>(Fixtures.lines("bleachbit", stem + ".txt"));
    if (Files.isRegularFile(Fixtures.toolOutput("bleachbit", stem + ".stderr.txt"))) {
      lines.addAll(Fixtures.lines("bleachbit", stem + ".stderr.txt"));
    }
    return BleachBitOutputParser.parse(lines);
  }

  private static void assertSummary(
      BleachBitOutput p, long bytes, int files, int special, int errors) {
    assertThat(p.summaryFound()).as("summary found").isTrue();
    assertThat(p.spaceBytes()).as("bytes").isEqualTo(bytes);
    assertThat(p.files()).as("files").isEqualTo(files);
    assertThat(p.specialOperations()).as("special operations").isEqualTo(special);
    assertThat(p.errors()).as("errors").isEqualTo(errors);
    assertThat(p.unclearLine()).isNull();
    assertThat(p.usageError()).isFalse();
  }

  // ---- the recordings from GitHub issues (fixtures/tool-outputs/bleachbit/README.md) ----------

  @Test
  void shouldReadTheEdgePreviewSummaryInSiMegabytes() {
    BleachBitOutput p = parse("en-windows-preview-edge-vacuum-unknown-size-summary-partial");
    // "Disk space to be recovered: 88.6MB": SI, 88.6 × 10^6 (the original read 92 903 014)
    assertSummary(p, 88_600_000L, 144, 20, 0);
    assertThat(p.spaceText()).isEqualTo("88.6MB");
    assertThat(p.localized()).isFalse();
  }

  @Test
  void shouldReadTheIndentedWindows11SummaryInSiGigabytes() {
    BleachBitOutput p = parse("en-windows11-gui-preview-system-tmp-summary-only");
    assertSummary(p, 51_720_000_000L, 105, 0, 0);
  }

  @Test
  void shouldFindNoSummaryInTheCutLinuxPermissionDeniedOutput() {
    BleachBitOutput p = parse("en-linux-cli-clean-all-permission-denied-partial");
    assertThat(p.summaryFound()).isFalse();
    assertThat(p.spaceBytes()).isNull();
    assertThat(p.files()).isNull();
    assertThat(p.errors()).isNull();
    assertThat(p.usageError()).isFalse();
  }

  @Test
  void shouldFindNoSummaryInTheItalianAccessDeniedLines() {
    BleachBitOutput p = parse("it-windows-clean-access-denied-defender-ocr-partial");
    assertThat(p.summaryFound()).isFalse();
    assertThat(p.errors()).isNull();
    assertThat(p.usageError()).isFalse();
  }

  @Test
  void shouldRecogniseTheNotAValidCleanerUsageError() {
    BleachBitOutput p = parse("en-windows-console-preview-shred-not-valid-cleaner");
    assertThat(p.invalidCleaners()).containsExactly("C:\\SomeDir");
    assertThat(p.noWork()).isTrue();
    assertThat(p.usageError()).isTrue();
    assertThat(p.summaryFound()).isFalse();
  }

  // ---- captured here with BleachBit 4.4.2 (capture-linux.sh) ----------------------------------

  @Test
  void shouldReadAPreviewWithASpecialOperation() {
    assertSummary(
        parse("linux-4.4.2-en-preview-thumbnails-firefox-vacuum-special"), 3_000_000L, 3, 1, 0);
  }

  @Test
  void shouldReadACleanWithASpecialOperation() {
    BleachBitOutput p = parse("linux-4.4.2-en-clean-thumbnails-firefox-vacuum-special");
    assertSummary(p, 3_100_000L, 3, 1, 0);
    assertThat(p.spaceText()).isEqualTo("3.1MB");
  }

  @Test
  void shouldReadTheErrorCountOfAWindowsOnlyOptionOnLinux() {
    assertSummary(
        parse("linux-4.4.2-en-preview-windows-only-option-errors-1"), 3_000_000L, 3, 0, 1);
  }

  @Test
  void shouldReadIecUnits() {
    BleachBitOutput p = parse("linux-4.4.2-en-preview-thumbnails-iec-units");
    assertSummary(p, 3_040_870L, 3, 0, 0); // 2.9 MiB = 2.9 × 1 048 576
    assertThat(BleachBitOutputParser.human(p.spaceText())).isEqualTo("2.9 MiB");
  }

  @Test
  void shouldReadNothingToDelete() {
    BleachBitOutput p = parse("linux-4.4.2-en-preview-nothing-to-delete-0B");
    assertSummary(p, 0L, 0, 0, 0);
    assertThat(BleachBitOutputParser.human(p.spaceText())).isEqualTo("0 B");
  }

  @Test
  void shouldReadAnItalianSummaryByItsStructureAndTellTheErrorsLineByItsLabel() {
    BleachBitOutput p = parse("linux-4.4.2-it-preview-windows-only-option-errors-1");
    assertSummary(p, 3_000_000L, 3, 0, 1); // "Errori: 1" alone after "File da eliminare: 3"
    assertThat(p.localized()).isTrue();
  }

  @Test
  void shouldReadAnItalianCleanWithSpecialOperationsAndErrors() {
    BleachBitOutput p = parse("linux-4.4.2-it-clean-thumbnails-firefox-vacuum-special-errors");
    assertSummary(p, 3_100_000L, 3, 1, 1);
    assertThat(p.localized()).isTrue();
  }

  @Test
  void shouldReadAGermanPreview() {
    BleachBitOutput p = parse("linux-4.4.2-de-preview-thumbnails");
    assertSummary(p, 3_000_000L, 3, 0, 0);
    assertThat(p.localized()).isTrue();
  }

  @Test
  void shouldReadAFrenchSummaryWithASpaceBeforeTheColon() {
    assertSummary(parse("linux-4.4.2-fr-clean-thumbnails"), 3_000_000L, 3, 0, 0);
  }

  @Test
  void shouldReadAChineseSummaryWithFullWidthColonsAndWordsAfterTheCount() {
    // 預計恢復硬碟空間：3MB / 預計刪除檔案：3 / 錯誤：1 項錯誤
    assertSummary(
        parse("linux-4.4.2-zh_TW-preview-windows-only-option-errors-1"), 3_000_000L, 3, 0, 1);
  }

  @Test
  void shouldRecogniseTheUsageErrorOnLinux() {
    BleachBitOutput p = parse("linux-4.4.2-en-preview-not-a-valid-cleaner-usage");
    assertThat(p.invalidCleaners()).containsExactly("C:\\SomeDir");
    assertThat(p.noWork()).isTrue();
  }

  @Test
  void shouldNameTheUnknownCleanerOfAKeyErrorTraceback() {
    BleachBitOutput p = parse("linux-4.4.2-en-preview-unknown-cleaner-keyerror");
    assertThat(p.missingCleaner()).isEqualTo("foo");
    assertThat(p.usageError()).isTrue();
    assertThat(p.summaryFound()).isFalse();
  }

  /** bleachbit/bleachbit#1401: the GUI log ends with a debug line that looks like a count. */
  @Test
  void shouldNotReadTheGuiLogsElapsedTimeAsAnErrorCount() {
    BleachBitOutput p = parse("fr-windows-gui-clean-special-elapsed-time-summary-only");
    assertSummary(p, 29_600_000L, 53, 7, 0);
    assertThat(p.localized()).isTrue();
  }

  @Test
  void shouldNotTakeAStderrLineWithWordsAfterItsNumberForAnUnknownSummaryLine() {
    BleachBitOutput p =
        BleachBitOutputParser.parse(
            List.of(
                "Disk space recovered: 3MB", "Files deleted: 3", "Warning: 2 files were in use"));
    assertSummary(p, 3_000_000L, 3, 0, 0);
  }

  // ---- reconstructed ---------------------------------------------------------------------------

  @Test
  void shouldReadAWindowsItalianSummaryWithDecimalCommas() throws Exception {
    Path f =
        Fixtures.toolOutput(
            "bleachbit", "synthetic-it-windows-clean-comma-decimal-errors-cp1252.txt");
    BleachBitOutput p =
        BleachBitOutputParser.parse(Files.readAllLines(f, Charset.forName("windows-1252")));
    assertSummary(p, 1_230_000_000L, 1204, 3, 6);
    assertThat(p.localized()).isTrue();
  }

  @Test
  void shouldReadTerabytes() {
    assertSummary(
        parse("synthetic-en-windows-clean-tb-special-crlf"), 1_250_000_000_000L, 48213, 2, 0);
  }

  @Test
  void shouldReadTheBareZeroOfBleachBit1() {
    assertSummary(parse("synthetic-en-1.x-clean-nothing-zero-no-unit"), 0L, 0, 0, 0);
  }

  @Test
  void shouldLeaveBothCountsUnknownWhenASingleExtraLabelIsInNoKnownLanguage() {
    BleachBitOutput p = parse("synthetic-unknown-language-one-extra-count");
    assertThat(p.summaryFound()).isTrue();
    assertThat(p.spaceBytes()).isEqualTo(5_000_000L);
    assertThat(p.files()).isEqualTo(1);
    assertThat(p.specialOperations()).isNull();
    assertThat(p.errors()).isNull();
    assertThat(p.unclearLine()).isEqualTo("Mishaps: 2");
  }

  // ---- sizes and robustness -----------------------------------------------------------------

  @Test
  void shouldConvertEveryUnitBleachBitPrints() {
    assertThat(BleachBitOutputParser.bytes("512B")).isEqualTo(512L);
    assertThat(BleachBitOutputParser.bytes("8.2kB")).isEqualTo(8_200L);
    assertThat(BleachBitOutputParser.bytes("8.2KB"))
        .as("KB is a case variant of SI kB")
        .isEqualTo(8_200L);
    assertThat(BleachBitOutputParser.bytes("4KiB")).isEqualTo(4_096L);
    assertThat(BleachBitOutputParser.bytes("1.5MB")).isEqualTo(1_500_000L);
    assertThat(BleachBitOutputParser.bytes("1.5MiB")).isEqualTo(1_572_864L);
    assertThat(BleachBitOutputParser.bytes("2GB")).isEqualTo(2_000_000_000L);
    assertThat(BleachBitOutputParser.bytes("2GiB")).isEqualTo(2_147_483_648L);
    assertThat(BleachBitOutputParser.bytes("1TB")).isEqualTo(1_000_000_000_000L);
    assertThat(BleachBitOutputParser.bytes("1TiB")).isEqualTo(1_099_511_627_776L);
    assertThat(BleachBitOutputParser.bytes("1,5GB")).isEqualTo(1_500_000_000L);
    assertThat(BleachBitOutputParser.bytes("1.5 MB")).isEqualTo(1_500_000L);
    assertThat(BleachBitOutputParser.bytes("-4.1kB")).isEqualTo(-4_100L);
    assertThat(BleachBitOutputParser.bytes("0")).isZero();
    assertThat(BleachBitOutputParser.bytes("?B")).isNull();
    assertThat(BleachBitOutputParser.bytes("A lot.")).isNull();
    assertThat(BleachBitOutputParser.bytes("/tmp/x")).isNull();
  }

  @Test
  void shouldReadSizesAndCountsGroupedAsTheDisplayLanguageWritesThem() {
    assertThat(BleachBitOutputParser.bytes("1.234,5 MB")).as("de").isEqualTo(1_234_500_000L);
    assertThat(BleachBitOutputParser.bytes("1 234,5 MB")).as("fr, space").isEqualTo(1_234_500_000L);
    assertThat(BleachBitOutputParser.bytes("1\u00A0234,5MB"))
        .as("no-break space")
        .isEqualTo(1_234_500_000L);
    assertThat(BleachBitOutputParser.bytes("1'234.5kB")).as("de-CH").isEqualTo(1_234_500L);
    assertThat(BleachBitOutputParser.bytes("-1,234.5kB"))
        .as("en, vacuum grew")
        .isEqualTo(-1_234_500L);

    BleachBitOutput fr =
        BleachBitOutputParser.parse(
            List.of(
                "Espace disque récupéré : 1\u202F234,5MB",
                "Fichiers supprimés : 12\u202F345",
                "Erreurs : 1\u00A0002"));
    assertSummary(fr, 1_234_500_000L, 12_345, 0, 1_002);

    BleachBitOutput en =
        BleachBitOutputParser.parse(
            List.of("Disk space recovered: 1.2GB", "Files deleted: 48,213"));
    assertSummary(en, 1_200_000_000L, 48_213, 0, 0);

    BleachBitOutput cut =
        BleachBitOutputParser.parse(
            List.of("Disk space recovered: A lot.", "Files deleted: 48.213"));
    assertThat(cut.summaryFound()).isFalse();
    assertThat(cut.files()).as("read with the English label").isEqualTo(48_213);
  }

  @Test
  void shouldTakeTheLastSummaryWhenOneOutputHoldsTwoRuns() {
    BleachBitOutput p =
        BleachBitOutputParser.parse(
            List.of(
                "Disk space to be recovered: 1MB",
                "Files to be deleted: 1",
                "Disk space recovered: 2MB",
                "Files deleted: 2",
                "Errors: 3"));
    assertSummary(p, 2_000_000L, 2, 0, 3);
  }

  @Test
  void shouldNeverThrow() {
    Random r = new Random(42);
    for (int i = 0; i < 500; i++) {
      List<String> lines = new ArrayList<>();
      for (int j = 0; j < 8; j++) {
        char[] c = new char[r.nextInt(60)];
        for (int k = 0; k < c.length; k++) {
          c[k] = "aZ0:：.,B kMGiT-\t錯\u0000".charAt(r.nextInt(18));
        }
        lines.add(new String(c));
      }
      assertThat(BleachBitOutputParser.parse(lines)).isNotNull();
    }
    assertThat(BleachBitOutputParser.parse(null).summaryFound()).isFalse();
    assertThat(
            BleachBitOutputParser.parse(Arrays.asList("x", null, "Files deleted: 99999999999"))
                .files())
        .isNull();
    assertThat(
            BleachBitOutputParser.parse(List.of("Disk space recovered: " + "9".repeat(5000) + "MB"))
                .summaryFound())
        .isFalse();
  }
}
