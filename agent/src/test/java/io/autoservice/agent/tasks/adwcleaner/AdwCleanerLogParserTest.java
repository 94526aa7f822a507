package io.autoservice.agent.tasks.adwcleaner;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdwCleanerLogParserTest {

  private static AdwCleanerLog parse(String name) throws Exception {
    return AdwCleanerLogParser.parse(
        AdwCleanerLogParser.decode(Files.readAllBytes(Fixtures.toolOutput("adwcleaner", name))));
  }

  private static void assertNoEntriesIn(AdwCleanerLog log, String... keys) {
    for (String k : keys) {
      assertThat(log.categories().get(k)).as(k).isEmpty();
    }
  }

  // ---- recorded logs ---------------------------------------------------------------------------

  @Test
  void shouldReadAV7CleanWithANotDeletedFolderAsAFailure() throws Exception {
    AdwCleanerLog log = parse("C00-v7.2.5-win7-clean-failed-1-not-deleted-partial.txt");

    assertThat(log.version()).isEqualTo("7.2.5.0");
    assertThat(log.mode()).isEqualTo("clean");
    assertThat(log.cleaned()).isEqualTo(2);
    assertThat(log.failed()).isEqualTo(1);
    assertThat(log.categories().get("folders"))
        .containsExactly(
            "Deleted C:\\Users\\Sekretariat\\AppData\\Roaming\\imminent",
            "Deleted C:\\Users\\Sekretariat\\AppData\\LocalLow\\HPAppData");
    assertThat(log.failedItems()).containsExactly("Not Deleted C:\\ProgramData\\23B080A7");
    assertNoEntriesIn(
        log, "services", "files", "dlls", "wmi", "shortcuts", "tasks", "registry", "preinstalled");
    assertThat(log.browsers().get("chromium"))
        .as("the cut 'No malicious C' line is no entry")
        .isEmpty();
    assertThat(log.eofFound()).isFalse();
    assertThat(log.rebootRequired()).isFalse();
  }

  @Test
  void shouldReadAV8CleanWithADeletedService() throws Exception {
    AdwCleanerLog log = parse("C00-v8.3.1-win10-clean-service-deleted-partial.txt");

    assertThat(log.version()).isEqualTo("8.3.1.0");
    assertThat(log.cleaned()).isEqualTo(1);
    assertThat(log.failed()).isZero();
    assertThat(log.categories().get("services")).containsExactly("Deleted IMFservice");
    assertThat(log.browsers())
        .containsOnlyKeys("chromium", "chromium_urls", "firefox", "firefox_urls", "hosts");
    assertThat(log.browsers().values()).allMatch(List::isEmpty);
    assertThat(log.other())
        .as("the cut '***** [ Firefox (and derivatives) ]' is a known section")
        .isEmpty();
    assertThat(log.eofFound()).isFalse();
  }

  @Test
  void shouldReadTheOldV70FormatAndCountItsDeletedEntries() throws Exception {
    AdwCleanerLog log = parse("C1-v7.0.6-old-logfile-format-clean-blanklines-lost.txt");

    assertThat(log.version()).isEqualTo("7.0.6.0");
    assertThat(log.mode()).isEqualTo("clean");
    assertThat(log.cleaned()).as("no '# Cleaned:' line: the Deleted entries").isEqualTo(2);
    assertThat(log.failed()).isZero();
    assertThat(log.categories().get("registry"))
        .containsExactly(
            "Deleted: [Key] - HKLM\\SOFTWARE\\InstalledBrowserExtensions",
            "Deleted: [Key] - HKLM\\SOFTWARE\\downchecker");
    assertThat(log.browsers().get("chromium"))
        .as("'::' lines and the log list end the last section")
        .isEmpty();
    assertThat(log.eofFound()).isTrue();
  }

  @Test
  void shouldReadAV7ScanLog() throws Exception {
    AdwCleanerLog log = parse("S00-v7.2.5-win7-scan-3-detected-heuristic-partial.txt");

    assertThat(log.mode()).isEqualTo("scan");
    assertThat(log.detected()).isEqualTo(3);
    assertThat(log.cleaned()).isZero();
    assertThat(log.categories().get("folders"))
        .containsExactly(
            "PUP.Adware.Heuristic C:\\ProgramData\\23B080A7",
            "PUP.Optional.Legacy C:\\Users\\Sekretariat\\AppData\\Roaming\\imminent",
            "PUP.Optional.Legacy C:\\Users\\Sekretariat\\AppData\\LocalLow\\HPAppData");
  }

  @Test
  void shouldReadAV8ScanLogToItsEofLine() throws Exception {
    AdwCleanerLog log = parse("S00-v8.4.1-win10-scan-2-detected-to-EOF-blanklines-lost.txt");

    assertThat(log.version()).isEqualTo("8.4.1.0");
    assertThat(log.detected()).isEqualTo(2);
    assertThat(log.categories().get("folders"))
        .containsExactly(
            "PUP.Optional.Legacy C:\\ProgramData\\Packer",
            "PUP.Optional.Legacy C:\\Users\\PC\\Downloads\\ext");
    assertThat(log.categories().get("preinstalled")).isEmpty();
    assertThat(log.eofFound()).isTrue();
  }

  // ---- reconstructed ---------------------------------------------------------------------------

  @Test
  void shouldReadACleanSystem() throws Exception {
    AdwCleanerLog log = parse("synthetic-C00-v8.5.0-clean-nothing-to-clean-full.txt");

    assertThat(log.cleaned()).isZero();
    assertThat(log.failed()).isZero();
    assertThat(log.categories().values()).allMatch(List::isEmpty);
    assertThat(log.browsers().values()).allMatch(List::isEmpty);
    assertThat(log.eofFound()).isTrue();
    assertThat(log.rebootRequired()).isFalse();
  }

  @Test
  void shouldReadEveryCategoryAndTheRebootOfARealClean() throws Exception {
    AdwCleanerLog log = parse("synthetic-C01-v8.5.0-clean-9-removed-reboot-full.txt");

    assertThat(log.cleaned()).isEqualTo(9);
    assertThat(log.categories().get("services")).containsExactly("Deleted SearchProtectSvc");
    assertThat(log.categories().get("folders")).hasSize(2);
    assertThat(log.categories().get("dlls"))
        .singleElement()
        .asString()
        .startsWith("Deleted (on reboot)");
    assertThat(log.categories().get("tasks")).hasSize(1);
    assertThat(log.categories().get("registry")).hasSize(2);
    assertThat(log.browsers().get("chromium")).hasSize(1);
    assertThat(log.browsers().get("firefox_urls"))
        .containsExactly("Deleted Mozilla Firefox - search.webnavigator.example");
    assertThat(log.categories().get("preinstalled"))
        .as("the list of earlier logs is no entry")
        .isEmpty();
    assertThat(log.rebootRequired()).isTrue();
    assertThat(log.eofFound()).isTrue();
  }

  @Test
  void shouldReadAUtf16LogWithPreinstalledSoftwareAndFailures() throws Exception {
    AdwCleanerLog log = parse("synthetic-C02-v8.5.0-clean-preinstalled-failed-2-utf16le-bom.txt");

    assertThat(log.cleaned()).isEqualTo(3);
    assertThat(log.failed()).isEqualTo(2);
    assertThat(log.categories().get("preinstalled"))
        .containsExactly(
            "Deleted Preinstalled.DellSupportAssistRemediation",
            "Deleted Preinstalled.McAfeeWebAdvisor",
            "Deleted Preinstalled.WildTangentGames");
    assertThat(log.failedItems())
        .containsExactly(
            "Not Deleted C:\\Program Files\\McAfee Trial\\Cache",
            "Not Deleted Preinstalled.McAfeeLiveSafe");
  }

  @Test
  void shouldNotRecogniseAnotherToolsLog() throws Exception {
    AdwCleanerLog log = parse("synthetic-not-an-adwcleaner-log.txt");

    assertThat(log.recognised()).isFalse();
    assertThat(log.cleaned()).isNull();
    assertThat(log.failed()).isNull();
  }

  // ---- details -------------------------------------------------------------------------------

  @Test
  void shouldKeepEntriesOfUnknownSections() {
    AdwCleanerLog log =
        AdwCleanerLogParser.parse(
            "# Cleaned: 1\n***** [ Scheduled Hijacks ] *****\nDeleted Foo\n########## EOF - x ##########\nDeleted Bar\n");

    assertThat(log.other()).containsEntry("Scheduled Hijacks", List.of("Deleted Foo"));
    assertThat(log.eofFound()).isTrue();
  }

  @Test
  void shouldDecodeEveryEncodingALogMayHave() {
    String text = "# Malwarebytes AdwCleaner 8.5.0.0\r\nDeleted C:\\Users\\Jürgen\r\n";
    byte[] bom8 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
    byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
    byte[] utf16NoBom = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] ansi = text.getBytes(Charset.forName("windows-1252"));

    for (byte[] b : List.of(bom8, utf16, utf16NoBom, ansi, text.getBytes(StandardCharsets.UTF_8))) {
      assertThat(AdwCleanerLogParser.decode(b)).isEqualTo(text);
    }
    assertThat(AdwCleanerLogParser.decode(new byte[0])).isEmpty();
    assertThat(AdwCleanerLogParser.decode(null)).isEmpty();
  }

  @Test
  void shouldNeverThrow() {
    Random r = new Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[r.nextInt(400)];
      r.nextBytes(b);
      assertThat(AdwCleanerLogParser.parse(AdwCleanerLogParser.decode(b))).isNotNull();
    }
    assertThat(AdwCleanerLogParser.parse(null).recognised()).isFalse();
    assertThat(AdwCleanerLogParser.parse("# Cleaned: 99999999999999\n***** [").cleaned()).isNull();
  }

  @Test
  void shouldReadHeaderCountsGroupedAsTheDisplayLanguageWritesThem() {
    AdwCleanerLog log =
        AdwCleanerLogParser.parse(
            "# AdwCleaner 8.3.1.0\n# Mode: Clean\n# Cleaned: 1\u00A0204\n# Failed: 1.024\n# Detected: 2,228\n");
    assertThat(log.cleaned()).isEqualTo(1_204);
    assertThat(log.failed()).isEqualTo(1_024);
    assertThat(log.detected()).isEqualTo(2_228);
  }
}
