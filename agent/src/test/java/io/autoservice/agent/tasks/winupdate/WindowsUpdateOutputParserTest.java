package io.autoservice.agent.tasks.winupdate;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.winupdate.WindowsUpdateOutputParser.Output;
import io.autoservice.agent.tasks.winupdate.WindowsUpdateOutputParser.Progress;
import io.autoservice.agent.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsUpdateOutputParserTest {
  private static final String TOOL = "pswindowsupdate";

  @Test
  void shouldReadProgressLinesWithStageAndPercent() {
    assertThat(WindowsUpdateOutputParser.progress("[WU] pre-scan 10"))
        .contains(new Progress(10, "pre-scan", ""));
    assertThat(WindowsUpdateOutputParser.progress("[WU] prepare module 2"))
        .contains(new Progress(2, "prepare module", ""));
    assertThat(WindowsUpdateOutputParser.progress("  [WU] done 100\r"))
        .contains(new Progress(100, "done", ""));
  }

  @Test
  void shouldReadAStageWithCountsAndATitleAfterThePercent() {
    Progress p =
        WindowsUpdateOutputParser.progress(
                "[WU] install 2/5 67 2025-03 .NET 8.0.14 Security Update for x64 Client (KB5054229)")
            .orElseThrow();

    assertThat(p.stage()).isEqualTo("install 2/5");
    assertThat(p.percent()).isEqualTo(67);
    assertThat(p.detail())
        .isEqualTo("2025-03 .NET 8.0.14 Security Update for x64 Client (KB5054229)");
    assertThat(p.message())
        .isEqualTo("install 2/5: 2025-03 .NET 8.0.14 Security Update for x64 Client (KB5054229)");
  }

  @Test
  void shouldIgnoreLinesThatAreNotProgress() {
    assertThat(WindowsUpdateOutputParser.progress("WARNING: [WU] pre-scan 10")).isEmpty();
    assertThat(WindowsUpdateOutputParser.progress("[WU] pre-scan")).isEmpty();
    assertThat(WindowsUpdateOutputParser.progress("[WU] pre-scan 250")).isEmpty();
    assertThat(WindowsUpdateOutputParser.progress("[WU]")).isEmpty();
    assertThat(WindowsUpdateOutputParser.progress(null)).isEmpty();
  }

  @Test
  void shouldReadTheResultAndEveryProgressLineOfAnUpdateRun() {
    Output out =
        WindowsUpdateOutputParser.parse(
            Fixtures.lines(TOOL, "synthetic-updated-reboot-required.txt"));

    assertThat(out.problem()).isEmpty();
    assertThat(out.json()).isPresent();
    assertThat(out.json().get().at("/pre_scan/items").size()).isEqualTo(5);
    assertThat(out.progress()).hasSize(18);
    assertThat(out.progress().get(0).stage()).isEqualTo("prepare module");
    assertThat(out.progress())
        .extracting(Progress::stage)
        .contains(
            "pre-scan",
            "install 0/5",
            "download 3/5",
            "install 5/5",
            "post-scan",
            "reboot check",
            "done");
    assertThat(out.progress()).extracting(Progress::percent).isSorted();
  }

  @Test
  void shouldNotBeConfusedByBracesOutsideTheResultMarkers() {
    Output out =
        WindowsUpdateOutputParser.parse(Fixtures.lines(TOOL, "synthetic-failed-and-remaining.txt"));

    assertThat(out.json()).isPresent();
    assertThat(out.json().get().at("/errors/0/where").asText()).isEqualTo("InstallUpdates");
  }

  @Test
  void shouldReadNonAsciiTitles() {
    Output out =
        WindowsUpdateOutputParser.parse(
            Fixtures.lines(TOOL, "synthetic-pl-list-only-accept-all-false.txt"));

    assertThat(out.json().orElseThrow().at("/pre_scan/items/0/Title").asText())
        .startsWith("Narzędzie Windows do usuwania złośliwego oprogramowania");
  }

  @Test
  void shouldReportAResultThatWasCutOff() {
    Output out =
        WindowsUpdateOutputParser.parse(Fixtures.lines(TOOL, "synthetic-cut-off-result.txt"));

    assertThat(out.json()).isEmpty();
    assertThat(out.problem()).contains("cut off");
    assertThat(out.progress()).last().extracting(Progress::stage).isEqualTo("download 1/1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "en-get-windowsupdate-isinstalled-showpresearchcriteria-verbose.txt",
        "en-get-windowsupdate-then-install-kb-via-psexec-accepted-downloaded-installed.txt",
        "pl-get-windowsupdate-verbose-module-docs-example.txt",
        "pl-install-windowsupdate-confirm-prompts-accepted-rejected-module-docs-example.txt"
      })
  void shouldNeverTakeAPswindowsupdateTableForAResult(String recorded) {
    Output out = WindowsUpdateOutputParser.parse(Fixtures.lines(TOOL, recorded));

    assertThat(out.json()).isEmpty();
    assertThat(out.problem()).isEqualTo("the script printed no result");
    assertThat(out.progress()).isEmpty();
  }

  @Test
  void shouldTakeTheLastCompleteResultAndRejectBrokenOnes() {
    String b = WindowsUpdateScript.JSON_BEGIN;
    String e = WindowsUpdateScript.JSON_END;

    assertThat(
            WindowsUpdateOutputParser.parse(List.of(b, "{\"n\":1}", e, b, "{\"n\":", "2}", e))
                .json()
                .orElseThrow()
                .path("n")
                .asInt())
        .isEqualTo(2);
    assertThat(WindowsUpdateOutputParser.parse(List.of(b, "[1,2]", e)).problem())
        .contains("not a JSON object");
    assertThat(WindowsUpdateOutputParser.parse(List.of(b, "{oops", e)).problem())
        .contains("not valid JSON");
    assertThat(WindowsUpdateOutputParser.parse(List.of(b, " ", e)).problem()).contains("empty");
    assertThat(WindowsUpdateOutputParser.parse(List.of(e, "{}", b)).json()).isEmpty();
    assertThat(WindowsUpdateOutputParser.parse(null).json()).isEmpty();
  }

  @Test
  void shouldNeverThrowOnGarbage() {
    Random random = new Random(42);
    for (int run = 0; run < 300; run++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < random.nextInt(12); i++) {
        int kind = random.nextInt(5);
        lines.add(
            switch (kind) {
              case 0 -> WindowsUpdateScript.JSON_BEGIN;
              case 1 -> WindowsUpdateScript.JSON_END;
              case 2 -> "[WU] " + random.nextInt(1000) + " " + random.nextInt(300);
              default -> randomText(random);
            });
      }
      Output out = WindowsUpdateOutputParser.parse(lines);
      assertThat(out).isNotNull();
      out.json().ifPresent(json -> assertThat(WindowsUpdateReport.of(json)).isNotNull());
    }
  }

  private static String randomText(Random random) {
    String alphabet = "{}[]\":,0123456789abc \\\u0000ł";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < random.nextInt(40); i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
