package io.autoservice.agent.tasks.win11;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.win11.WhyNotWin11CsvParser.Parsed;
import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WhyNotWin11CsvParserTest {
  private static final List<String> CHECKS = WhyNotWin11CsvParser.DEFAULT_COLUMNS.subList(1, 12);

  private static Parsed parse(String fixture) throws Exception {
    return WhyNotWin11CsvParser.parse(
        Files.readAllBytes(Fixtures.toolOutput("whynotwin11", fixture)));
  }

  @Test
  void shouldReadAReadyPc() throws Exception {
    Parsed p = parse("synthetic-ready.csv");

    assertThat(p.encoding()).isEqualTo("utf-8");
    assertThat(p.header()).containsExactlyElementsOf(WhyNotWin11CsvParser.DEFAULT_COLUMNS);
    assertThat(p.hostname()).isEqualTo("DESKTOP-4CJSR2B");
    assertThat(p.checks().keySet()).containsExactlyElementsOf(CHECKS);
    assertThat(p.passing()).hasSize(11);
    assertThat(p.failing()).isEmpty();
    assertThat(p.ready()).isTrue();
    assertThat(p.row()).hasSize(12).startsWith("DESKTOP-4CJSR2B", "True");
  }

  @Test
  void shouldListTheFailingChecksOfAPcThatIsNotReady() throws Exception {
    Parsed p = parse("synthetic-not-ready-cpu-tpm.csv");

    assertThat(p.ready()).isFalse();
    assertThat(p.failing()).containsExactly("CPU Compatibility", "TPM Version");
    assertThat(p.passing()).hasSize(9).doesNotContain("CPU Compatibility");
    assertThat(p.hostname()).isEqualTo("POTATO");
  }

  @Test
  void shouldFindNoResultInAnEmptyFileOrAHeaderAlone() throws Exception {
    for (String f : List.of("synthetic-empty.csv", "synthetic-header-only.csv")) {
      Parsed p = parse(f);
      assertThat(p.hasResult()).as(f).isFalse();
      assertThat(p.ready()).as(f).isFalse();
      assertThat(p.checks()).as(f).isEmpty();
      assertThat(p.dataRows()).as(f).isZero();
    }
    assertThat(parse("synthetic-header-only.csv").header()).hasSize(12);
  }

  @Test
  void shouldDecodeUtf16WithABom() throws Exception {
    Parsed p = parse("synthetic-utf16le-bom-not-ready-ram.csv");

    assertThat(p.encoding()).isEqualTo("utf-16le");
    assertThat(p.hostname()).isEqualTo("BÜRO-PC");
    assertThat(p.failing()).containsExactly("RAM Installed");
  }

  @Test
  void shouldDecodeUtf16WithoutABomAndUtf8WithOne() {
    String csv = "Hostname,TPM Version\r\nPC-1,False\r\n";
    byte[] le = csv.getBytes(StandardCharsets.UTF_16LE);
    byte[] be = csv.getBytes(StandardCharsets.UTF_16BE);
    byte[] body = csv.getBytes(StandardCharsets.UTF_8);
    byte[] bom = new byte[body.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, bom, 3, body.length);

    assertThat(WhyNotWin11CsvParser.parse(le).encoding()).isEqualTo("utf-16le");
    assertThat(WhyNotWin11CsvParser.parse(le).failing()).containsExactly("TPM Version");
    assertThat(WhyNotWin11CsvParser.parse(be).encoding()).isEqualTo("utf-16be");
    assertThat(WhyNotWin11CsvParser.parse(be).hostname()).isEqualTo("PC-1");
    assertThat(WhyNotWin11CsvParser.parse(bom).encoding()).isEqualTo("utf-8-sig");
    assertThat(WhyNotWin11CsvParser.parse(bom).header()).containsExactly("Hostname", "TPM Version");
  }

  @Test
  void shouldFallBackToWindows1252() throws Exception {
    Parsed p = parse("synthetic-ready-cp1252-hostname.csv");

    assertThat(p.encoding()).isEqualTo("cp1252");
    assertThat(p.hostname()).isEqualTo("ÉQUIPE-03");
    assertThat(p.ready()).isTrue();
  }

  @Test
  void shouldUseTheDefaultColumnsWhenTheHeaderIsMissingAndKeepUnclearValuesUnknown()
      throws Exception {
    Parsed p = parse("synthetic-no-header-v2.4-directx-blank-secureboot-2.csv");

    assertThat(p.header()).isEmpty();
    assertThat(p.hostname()).isEqualTo("DESKTOP-K2M7Q");
    assertThat(p.checks().keySet()).containsExactlyElementsOf(CHECKS);
    assertThat(p.unknown()).containsExactly("DirectX + WDDM2");
    assertThat(p.checks().get("Secure Boot")).isTrue();
    assertThat(p.failing()).isEmpty();
    assertThat(p.ready()).as("an unclear check is not a pass").isFalse();
  }

  @Test
  void shouldTakeTheLastRowOfAFileThatWasAppendedTo() throws Exception {
    Parsed p = parse("synthetic-appended-two-runs.csv");

    assertThat(p.dataRows()).isEqualTo(2);
    assertThat(p.ready()).isTrue();
  }

  /** The only real WhyNotWin11 output: two TXT lines of a buggy 2.4 build (issue #609). */
  @Test
  void shouldReadTheValuesOfTheRecordedTxtExportByWhyNotWin11sOwnRule() throws Exception {
    List<String> lines =
        Fixtures.lines("whynotwin11", "txt-export-fragment-v2.4-directx-secureboot-bug.txt");
    String[] directX = lines.get(0).split("\t", -1);
    String[] secureBoot = lines.get(1).split("\t", -1);

    assertThat(directX).containsExactly("DirectX + WDDM2", "", "-1", "-1");
    assertThat(WhyNotWin11CsvParser.value(directX[1])).isEmpty();
    assertThat(WhyNotWin11CsvParser.value(directX[2])).contains(false);
    assertThat(secureBoot).containsExactly("Secure Boot", "2", "0", "0");
    assertThat(WhyNotWin11CsvParser.value(secureBoot[1])).contains(true);
    assertThat(WhyNotWin11CsvParser.value(secureBoot[2])).contains(false);
  }

  @Test
  void shouldReadYesNoWordsInAnyCase() {
    for (String yes : List.of("True", "TRUE", "yes", " 1 ")) {
      assertThat(WhyNotWin11CsvParser.value(yes)).as(yes).contains(true);
    }
    for (String no : List.of("False", "no", "NO", "0", "-1")) {
      assertThat(WhyNotWin11CsvParser.value(no)).as(no).contains(false);
    }
    assertThat(WhyNotWin11CsvParser.value("Skipped?")).isEmpty();
    assertThat(WhyNotWin11CsvParser.value(null)).isEmpty();
  }

  @Test
  void shouldReadQuotedCellsTabsAndExtraColumns() {
    String csv =
        "Hostname,Architecture,TPM Version,CPU Name\n\"PC, \"\"A\"\"\",True,False,Intel Core i7-6700\n";
    Parsed p = WhyNotWin11CsvParser.parse(csv.getBytes(StandardCharsets.UTF_8));

    assertThat(p.hostname()).isEqualTo("PC, \"A\"");
    assertThat(p.checks()).containsOnlyKeys("Architecture", "TPM Version");
    assertThat(p.extras()).containsEntry("CPU Name", "Intel Core i7-6700");

    Parsed tsv =
        WhyNotWin11CsvParser.parse(
            "Hostname\tSecure Boot\nPC\tTrue\n".getBytes(StandardCharsets.UTF_8));
    assertThat(tsv.passing()).containsExactly("Secure Boot");
  }

  @Test
  void shouldNeverThrowOnGarbage() {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      byte[] b = new byte[random.nextInt(200)];
      random.nextBytes(b);
      if (i % 3 == 0) {
        Arrays.fill(b, 0, Math.min(2, b.length), (byte) '"');
      }
      assertThat(WhyNotWin11CsvParser.parse(b)).isNotNull();
    }
    assertThat(WhyNotWin11CsvParser.parse(null).hasResult()).isFalse();
  }

  @Test
  void shouldReadAGroupedStatusNumberAsAnyOtherInteger() {
    assertThat(WhyNotWin11CsvParser.value("1\u00A0024")).contains(true);
    assertThat(WhyNotWin11CsvParser.value("+2")).contains(true);
    assertThat(WhyNotWin11CsvParser.value("1,5")).isEmpty();
  }
}
