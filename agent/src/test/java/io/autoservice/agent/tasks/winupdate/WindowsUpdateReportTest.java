package io.autoservice.agent.tasks.winupdate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.winupdate.WindowsUpdateReport.Report;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsUpdateReportTest {
  private static final List<String> ITEM_KEYS =
      List.of("Stage", "Title", "KB", "Size", "Category", "Result", "Status", "IsDriver");

  private static Report report(String fixture) {
    ObjectNode json =
        WindowsUpdateOutputParser.parse(Fixtures.lines("pswindowsupdate", fixture))
            .json()
            .orElseThrow();
    return WindowsUpdateReport.of(json);
  }

  private static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  @Test
  void shouldCountInstalledWindowsAndDriverUpdatesAndNoteTheReboot() {
    Report r = report("synthetic-updated-reboot-required.txt");

    assertThat(r.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode res = r.results();
    assertThat(res.at("/pre_scan/count_total").asInt()).isEqualTo(5);
    assertThat(res.at("/pre_scan/count_windows").asInt()).isEqualTo(3);
    assertThat(res.at("/pre_scan/count_driver").asInt()).isEqualTo(2);
    assertThat(res.at("/install/count_accepted").asInt()).isEqualTo(5);
    assertThat(res.at("/install/count_installed").asInt()).isEqualTo(5);
    assertThat(res.at("/install/count_windows_installed").asInt()).isEqualTo(3);
    assertThat(res.at("/install/count_driver_installed").asInt()).isEqualTo(2);
    assertThat(res.at("/install/count_failed").asInt()).isZero();
    assertThat(res.at("/install/count_downloaded").asInt()).isZero();
    assertThat(res.at("/post_scan/count_remaining").asInt()).isZero();
    assertThat(res.path("reboot_required").asBoolean()).isTrue();
    assertThat(res.at("/meta/module_version").asText()).isEqualTo("2.2.1.5");
    assertThat(res.at("/timings/install_seconds").asDouble()).isEqualTo(1388.6);
    assertThat(res.at("/install/items/3/Title").asText())
        .isEqualTo("Intel - System - 4/4/2019 12:00:00 AM - 1914.12.0.1256");
    assertThat(res.at("/install/items/3/IsDriver").asBoolean()).isTrue();
    assertThat(res.at("/install/items/0/KB").asText()).isEqualTo("KB5053598");
    assertThat(res.at("/install/items/0/Size").asText()).isEqualTo("86GB");
    assertThat(res.at("/install/items/0/Result").asText()).isEqualTo("Installed");
    assertThat(res.at("/install/items/0").fieldNames())
        .toIterable()
        .containsExactlyElementsOf(ITEM_KEYS);

    JsonNode hr = r.humanReadable();
    assertThat(hr.path("verdict").asText()).isEqualTo("updated");
    assertThat(texts(hr.path("notes"))).containsExactly("Installed: 5", "Reboot required");
    assertThat(hr.path("summary_line").asText()).isEqualTo("Installed: 5; Reboot required");
    assertThat(texts(hr.path("details")))
        .contains(
            "Installed: 2025-03 .NET 8.0.14 Security Update for x64 Client (KB5054229)",
            "Installed: Intel Corporation - Bluetooth - 22.200.0.2");
    assertThat(hr.has("reason")).isFalse();
  }

  @Test
  void shouldSayUpToDateWhenNothingWasAvailable() {
    Report r = report("synthetic-no-updates.txt");

    assertThat(r.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(r.humanReadable().path("verdict").asText()).isEqualTo("up-to-date");
    assertThat(r.humanReadable().path("notes")).isEmpty();
    assertThat(r.humanReadable().path("summary_line").asText()).isEmpty();
    assertThat(r.results().at("/pre_scan/items")).isEmpty();
    assertThat(r.results().path("reboot_required").asBoolean()).isFalse();
  }

  @Test
  void shouldWarnWhenUpdatesFailedAndListWhatRemains() {
    Report r = report("synthetic-failed-and-remaining.txt");

    assertThat(r.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(r.results().at("/install/count_installed").asInt()).isEqualTo(2);
    assertThat(r.results().at("/install/count_failed").asInt()).isEqualTo(2);
    assertThat(r.results().at("/install/count_driver_installed").asInt()).isZero();
    assertThat(r.results().at("/post_scan/count_remaining").asInt()).isEqualTo(2);
    assertThat(r.results().at("/post_scan/items/1/IsDriver").asBoolean()).isTrue();
    assertThat(r.results().path("errors")).hasSize(2);
    assertThat(texts(r.results().path("warnings")))
        .containsExactly("Some updates were not installed; see errors.");
    JsonNode hr = r.humanReadable();
    assertThat(hr.path("verdict").asText()).isEqualTo("updates-remaining");
    assertThat(texts(hr.path("notes")))
        .containsExactly("Failed: 2", "Installed: 2", "Remaining: 2");
    assertThat(hr.path("reason").asText())
        .isEqualTo(
            "2 updates failed to install (InstallUpdates: Update KB5049622 failed: There is not enough "
                + "space on the disk. (Exception from HRESULT: 0x80070070))");
    assertThat(texts(hr.path("details")))
        .contains(
            "Failed: Intel - net - 20.70.32.1",
            "Remaining: 2025-01 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Windows 11, version 24H2 for x64 (KB5049622)");
  }

  @Test
  void shouldFailWhenTheModuleIsNotAvailable() {
    Report r = report("synthetic-module-missing-offline.txt");

    assertThat(r.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(r.results().at("/meta/module_available").asBoolean()).isFalse();
    assertThat(r.results().at("/meta/module_version").isNull()).isTrue();
    assertThat(r.results().path("error").asText())
        .isEqualTo("PSWindowsUpdate module is not available");
    assertThat(r.humanReadable().path("reason").asText())
        .startsWith(
            "The PSWindowsUpdate PowerShell module is not available: No match was found for the specified search criteria for the provider 'NuGet'.");
  }

  @Test
  void shouldListUpdatesAsRemainingWhenTheyWereNotToBeInstalled() {
    Report r = report("synthetic-pl-list-only-accept-all-false.txt");

    assertThat(r.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(r.humanReadable().path("verdict").asText()).isEqualTo("updates-remaining");
    assertThat(texts(r.humanReadable().path("notes"))).containsExactly("Remaining: 4");
    assertThat(r.results().at("/install/count_accepted").asInt()).isZero();
    assertThat(r.results().at("/post_scan/items/2/Title").asText())
        .contains("Aktualizacja zabezpieczeń Adobe Flash Player");
    assertThat(texts(r.results().path("warnings")))
        .containsExactly("accept_all is false: updates were listed, not installed");
  }

  @Test
  void shouldFillEveryKeyOfOddlyShapedItems() {
    ObjectNode json =
        (ObjectNode)
            parse(
                """
        {"meta": {"module_available": true},
         "pre_scan": {"items": {"Title": "Realtek - MEDIA - 6.0.9600.1", "Category": "Driver Updates"}},
         "install": {"items": [{"Title": "x", "Result": "Succeeded With Errors"}, 7, null]},
         "errors": ["plain text error"], "warnings": "one warning"}
        """);

    Report r = WindowsUpdateReport.of(json);

    assertThat(r.results().at("/pre_scan/items/0").fieldNames())
        .toIterable()
        .containsExactlyElementsOf(ITEM_KEYS);
    assertThat(r.results().at("/pre_scan/items/0/IsDriver").asBoolean()).isTrue();
    assertThat(r.results().at("/pre_scan/items/0/Result").isNull()).isTrue();
    assertThat(r.results().at("/install/count_installed").asInt()).isEqualTo(1);
    assertThat(r.results().at("/errors/0/where").asText()).isEqualTo("script");
    assertThat(r.results().at("/warnings/0").asText()).isEqualTo("one warning");
    assertThat(r.results().at("/timings/pre_scan_seconds").isNull()).isTrue();
    assertThat(r.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(WindowsUpdateReport.of(Json.object()).status()).isEqualTo(TaskStatus.ERROR);
  }

  private static JsonNode parse(String s) {
    try {
      return Json.parse(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
