package io.autoservice.agent.tasks.stinger;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The reconstructed Stinger logs in fixtures/tool-outputs/stinger/ (no real log exists). */
class StingerLogParserTest {

  private static StingerLog parse(String fixture) throws Exception {
    return StingerLogParser.parse(
        new String(
            Files.readAllBytes(Fixtures.toolOutput("stinger", fixture)), StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadACleanSmartScan() throws Exception {
    StingerLog log = parse("synthetic-clean-smart-scan.html");

    assertThat(log.version()).isEqualTo("13.0.0.553");
    assertThat(log.engineVersion()).isEqualTo("v6820.10831");
    assertThat(log.virusDataVersion()).isEqualTo("v9999.0");
    assertThat(log.virusCount()).isEqualTo(10068L);
    assertThat(log.scanStartTime()).isEqualTo("Sunday, October 26, 2025 14:43:41");
    assertThat(log.scanEndTime()).isEqualTo("Sunday, October 26, 2025 14:47:10");
    assertThat(log.totalFiles()).isEqualTo(4067L);
    assertThat(log.cleanFiles()).isEqualTo(4067L);
    assertThat(log.notScanned()).isZero();
    assertThat(log.infectedFiles()).isZero();
    assertThat(log.infections()).isEmpty();
    assertThat(log.parseErrors()).isEmpty();
    assertThat(log.hasSummary()).isTrue();
    assertThat(log.infected()).isFalse();
  }

  @Test
  void shouldReadAnInfectionInACustomFolderScan() throws Exception {
    StingerLog log = parse("synthetic-eicar-folder-delete.html");

    assertThat(log.scanStartTime()).isEqualTo("Sunday, October 26, 2025 14:41:58");
    assertThat(log.infections())
        .containsExactly(
            new StingerInfection(
                "C:\\Users\\Sonny Taylor\\Documents\\EICARTest\\eicar.txt",
                "e7e5fa40569514ec442bbdf755d89c2f",
                "EICAR test file"));
    assertThat(log.totalFiles()).isEqualTo(1L);
    assertThat(log.cleanFiles()).isZero();
    assertThat(log.infectedFiles()).isEqualTo(1L);
    assertThat(log.infected()).isTrue();
  }

  @Test
  void shouldReadALogWrittenWithBrTagsEntitiesAndATable() throws Exception {
    StingerLog log = parse("synthetic-report-only-br-tags.html");

    assertThat(log.version()).isEqualTo("13.0.0.553");
    assertThat(log.virusCount()).isEqualTo(10068L);
    assertThat(log.scanStartTime()).isEqualTo("Sunday, October 26, 2025 15:00:00");
    assertThat(log.scanEndTime()).isEqualTo("Sunday, October 26, 2025 15:01:30");
    assertThat(log.infections())
        .containsExactly(
            new StingerInfection(
                "C:\\Users\\Public\\Documents\\suspicious.exe",
                "d5ab09fc95db9a6610acb882770929f9",
                "Artemis!D5AB09FC95DB"),
            new StingerInfection(
                "C:\\Users\\Public\\Documents\\Tom & Jerry\\crack.exe",
                "0123456789abcdef0123456789abcdef",
                "Generic.dx!<bz>"));
    assertThat(log.totalFiles()).isEqualTo(125L);
    assertThat(log.cleanFiles()).isEqualTo(123L);
    assertThat(log.notScanned()).isZero();
    assertThat(log.infectedFiles()).isEqualTo(2L);
    assertThat(log.parseErrors()).isEmpty();
  }

  @Test
  void shouldReadWhatAStoppedScanWroteAndSayTheSummaryIsMissing() throws Exception {
    StingerLog log = parse("synthetic-partial-no-summary.html");

    assertThat(log.version()).isEqualTo("13.0.0.553");
    assertThat(log.scanStartTime()).isEqualTo("Monday, October 27, 2025 09:00:05");
    assertThat(log.scanEndTime()).isNull();
    assertThat(log.totalFiles()).isNull();
    assertThat(log.infectedFiles()).as("counted from the infection lines").isEqualTo(1L);
    assertThat(log.infections())
        .extracting(StingerInfection::threatName)
        .containsExactly("GenericRXAA-FA!9F86D081884C");
    assertThat(log.hasSummary()).isFalse();
    assertThat(log.parseErrors())
        .containsExactly(
            "no summary counts (TotalFiles, Clean, Not Scanned, Possibly Infected) in the log");
  }

  @Test
  void shouldReadALogWithInvalidUtf8AsReplacementCharacters() throws Exception {
    StingerLog log = parse("synthetic-clean-cp1252-bytes.html");

    assertThat(log.totalFiles()).isEqualTo(12L);
    assertThat(log.scanEndTime()).isEqualTo("Tuesday, October 28, 2025 08:15:09");
    assertThat(log.infected()).isFalse();
  }

  @Test
  void shouldFlagASummaryThatDisagreesWithTheListedInfections() {
    StingerLog log = StingerLogParser.parse("Possibly Infected:.... 3\nTotalFiles: 9\n");

    assertThat(log.infectedFiles()).isEqualTo(3L);
    assertThat(log.parseErrors())
        .containsExactly("the summary says 3 possibly infected files but the log lists 0");
  }

  @Test
  void shouldNeverThrow() {
    assertThat(StingerLogParser.parse(null).hasSummary()).isFalse();
    assertThat(StingerLogParser.parse("<<<>>>&#99999999;&bogus;<a href='x").infections()).isEmpty();
    assertThat(StingerLogParser.parse("TotalFiles: 99999999999999999999").totalFiles()).isNull();
    assertThat(StingerLogParser.text("a&#x41;&#66;&amp;&nbsp;b<br/>c")).isEqualTo("aAB& b\nc");
  }

  @Test
  void shouldReadCountsGroupedAsTheDisplayLanguageWritesThem() {
    StingerLog log =
        StingerLogParser.parse(
            "<PRE>Virus data file v9999.0 created on Oct 24 2025\n"
                + "Ready to scan for 10\u00A0068 viruses, trojans and variants.\n"
                + "        TotalFiles:...........   12.345\n"
                + "        Clean:................   12 340\n"
                + "        Not Scanned:..........   0\n"
                + "        Possibly Infected:....   5\n</PRE>");
    assertThat(log.virusCount()).isEqualTo(10_068L);
    assertThat(log.totalFiles()).isEqualTo(12_345L);
    assertThat(log.cleanFiles()).isEqualTo(12_340L);
    assertThat(log.notScanned()).isZero();
    assertThat(log.infectedFiles()).isEqualTo(5L);
  }
}
