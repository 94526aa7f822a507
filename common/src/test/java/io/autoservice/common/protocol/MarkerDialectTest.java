package io.autoservice.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.Marker.Progress;
import io.autoservice.common.protocol.Marker.ProgressFinal;
import io.autoservice.common.protocol.Marker.TaskFail;
import io.autoservice.common.protocol.Marker.TaskOk;
import io.autoservice.common.protocol.Marker.TaskRef;
import io.autoservice.common.protocol.Marker.TaskSkip;
import io.autoservice.common.protocol.Marker.TaskStart;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarkerDialectTest {

  /** The AutoService desktop UI's regexes, copied from its {@code src/pages/service/runner.js}. */
  private static final Pattern UI_START = Pattern.compile("^TASK_START:(\\d+):(.+)$");

  private static final Pattern UI_OK = Pattern.compile("^TASK_OK:(\\d+):(.+)$");
  private static final Pattern UI_FAIL =
      Pattern.compile("^TASK_FAIL:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");
  private static final Pattern UI_SKIP =
      Pattern.compile("^TASK_SKIP:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");

  private static ObjectNode body() {
    ObjectNode body = Json.object();
    body.put("type", "progress");
    body.put("completed", 1);
    body.put("total", 3);
    body.putObject("last_result").put("task_type", "sfc_scan").put("status", "success");
    body.put("overall_status", "success");
    return body;
  }

  @Test
  void shouldReadDialectNamesInAnyCase() {
    assertThat(MarkerDialect.fromName("seed")).isEqualTo(MarkerDialect.SEED);
    assertThat(MarkerDialect.fromName(" AutoService ")).isEqualTo(MarkerDialect.AUTOSERVICE);
  }

  @Test
  void shouldRefuseAnUnknownDialectName() {
    assertThatThrownBy(() -> MarkerDialect.fromName("json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("markers: \"json\" (expected: seed or autoservice)");
  }

  @ParameterizedTest
  @EnumSource(MarkerDialect.class)
  void shouldNotReadFreeLinesAsMarkers(MarkerDialect dialect) {
    for (String line :
        List.of(
            "Starting task 1/3: sfc_scan",
            "[0:sfc_scan] TASK_OK:0:x",
            "  TASK_OK: sfc_scan | success",
            " PROGRESS_JSON:{}",
            "task_ok:0:sfc_scan",
            "TASK_END: sfc_scan | SUCCESS",
            "",
            "PROGRESS_JSON:{not json")) {
      assertThat(dialect.parse(line)).as("%s: %s", dialect, line).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(MarkerDialect.class)
  void shouldWriteEveryMarkerAsOneLineStartingWithAMarkerWord(MarkerDialect dialect) {
    // given
    TaskRef ref = new TaskRef(1, "dism_health_check", "dism\nfirst");
    List<Marker> markers =
        List.of(
            new TaskStart(ref),
            new TaskOk(ref, "success"),
            new TaskFail(ref, "line one\r\nline two\n"),
            new TaskSkip(ref, "because\nof this"),
            new Progress(body()),
            new ProgressFinal(Json.object().put("text", "a\nb")));

    // when
    List<String> lines = markers.stream().map(dialect::format).toList();

    // then
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l).doesNotContain("\n", "\r");
              assertThat(Marker.startsWithMarkerWord(l)).isTrue();
            });
  }

  @Nested
  class Seed {
    private final MarkerDialect seed = MarkerDialect.SEED;

    @Test
    void shouldWriteTheDocumentedFormatNamingTheTaskById() {
      // given
      TaskRef withId = new TaskRef(0, "sfc_scan", "scan-1");
      TaskRef withoutId = new TaskRef(0, "sfc_scan", null);

      // when / then
      assertThat(seed.format(new TaskStart(withId))).isEqualTo("TASK_START: scan-1");
      assertThat(seed.format(new TaskStart(withoutId))).isEqualTo("TASK_START: sfc_scan");
      assertThat(seed.format(new TaskOk(withId, "success"))).isEqualTo("TASK_OK: scan-1 | success");
      assertThat(seed.format(new TaskOk(withId, "warning"))).isEqualTo("TASK_OK: scan-1 | warning");
      assertThat(seed.format(new TaskFail(withoutId, "sfc.exe exited 1")))
          .isEqualTo("TASK_FAIL: sfc_scan | sfc.exe exited 1");
      assertThat(seed.format(new TaskSkip(withId, "No handler")))
          .isEqualTo("TASK_SKIP: scan-1 | No handler");
      assertThat(seed.format(new Progress(Json.object().put("completed", 1))))
          .isEqualTo("PROGRESS_JSON: {\"completed\":1}");
      assertThat(seed.format(new ProgressFinal(Json.object().put("type", "final"))))
          .isEqualTo("PROGRESS_JSON_FINAL: {\"type\":\"final\"}");
    }

    @Test
    void shouldFoldAMultiLineReasonToOneLine() {
      // when
      String line =
          seed.format(
              new TaskFail(
                  new TaskRef(0, "dism_health_check", null),
                  "Error: 87\n\n  The parameter is incorrect.\r\n"));

      // then
      assertThat(line)
          .isEqualTo("TASK_FAIL: dism_health_check | Error: 87 The parameter is incorrect.");
    }

    @Test
    void shouldKeepTheSeparatorOutOfTheTaskId() {
      // given
      TaskRef ref = new TaskRef(0, "sfc_scan", "a | b");

      // when
      String line = seed.format(new TaskFail(ref, "x | y"));

      // then
      assertThat(line).isEqualTo("TASK_FAIL: a / b | x | y");
      assertThat(seed.parse(line)).contains(new TaskFail(new TaskRef(-1, null, "a / b"), "x | y"));
    }

    static Stream<Marker> markers() {
      TaskRef ref = new TaskRef(-1, null, "scan-1");
      return Stream.of(
          new TaskStart(ref),
          new TaskOk(ref, "success"),
          new TaskOk(ref, "warning"),
          new TaskFail(ref, "sfc.exe exited 1 - see CBS.log"),
          new TaskSkip(ref, "No handler found for task type"),
          new Progress(body()),
          new ProgressFinal(Json.object().put("type", "final").put("completed", 3)));
    }

    @ParameterizedTest
    @MethodSource("markers")
    void shouldReadBackWhatItWrites(Marker marker) {
      // when
      Optional<Marker> parsed = seed.parse(seed.format(marker));

      // then
      assertThat(parsed).contains(marker);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "TASK_START: scan-1",
          "TASK_START: sfc_scan",
          "TASK_OK: scan-1 | success",
          "TASK_FAIL: dism | Error: 87",
          "TASK_SKIP: bogus | No handler found for task type",
          "PROGRESS_JSON: {\"type\":\"progress\",\"completed\":1,\"total\":3}",
          "PROGRESS_JSON_FINAL: {\"type\":\"final\",\"results\":[]}"
        })
    void shouldWriteBackTheLineItReads(String line) {
      // when
      Optional<Marker> parsed = seed.parse(line);

      // then
      assertThat(parsed).isPresent();
      assertThat(seed.format(parsed.get())).isEqualTo(line);
    }

    @Test
    void shouldReadTheIdAndTheTextOfEachMarker() {
      assertThat(seed.parse("TASK_START: scan-1"))
          .contains(new TaskStart(new TaskRef(-1, null, "scan-1")));
      assertThat(seed.parse("TASK_OK: scan-1 | success"))
          .contains(new TaskOk(new TaskRef(-1, null, "scan-1"), "success"));
      assertThat(seed.parse("TASK_FAIL: scan-1 | boom"))
          .contains(new TaskFail(new TaskRef(-1, null, "scan-1"), "boom"));
      assertThat(seed.parse("TASK_SKIP: scan-1 | later"))
          .contains(new TaskSkip(new TaskRef(-1, null, "scan-1"), "later"));
    }

    @Test
    void shouldTellProgressFromFinalProgress() throws Exception {
      // when
      Optional<Marker> progress = seed.parse("PROGRESS_JSON: {\"completed\":2}");
      Optional<Marker> fin = seed.parse("PROGRESS_JSON_FINAL: {\"completed\":3}");

      // then
      assertThat(progress).contains(new Progress(Json.parse("{\"completed\":2}")));
      assertThat(fin).contains(new ProgressFinal(Json.parse("{\"completed\":3}")));
    }

    @Test
    void shouldNotReadTheAutoserviceSpelling() {
      assertThat(seed.parse("TASK_START:0:sfc_scan")).isEmpty();
      assertThat(seed.parse("TASK_OK:0:sfc_scan")).isEmpty();
      assertThat(seed.parse("TASK_FAIL:0:sfc_scan - boom")).isEmpty();
    }
  }

  @Nested
  class Autoservice {
    private final MarkerDialect as = MarkerDialect.AUTOSERVICE;

    @Test
    void shouldWriteTheSpellingTheDesktopUiParses() {
      // given
      TaskRef ref = new TaskRef(2, "sfc_scan", "scan-1");

      // when / then
      assertThat(as.format(new TaskStart(ref))).isEqualTo("TASK_START:2:sfc_scan");
      assertThat(as.format(new TaskOk(ref, "success"))).isEqualTo("TASK_OK:2:sfc_scan");
      assertThat(as.format(new TaskOk(ref, "warning"))).isEqualTo("TASK_OK:2:sfc_scan");
      assertThat(as.format(new TaskFail(ref, "boom"))).isEqualTo("TASK_FAIL:2:sfc_scan - boom");
      assertThat(as.format(new TaskSkip(ref, "No handler found for task type")))
          .isEqualTo("TASK_SKIP:2:sfc_scan - No handler found for task type");
      assertThat(as.format(new Progress(Json.object().put("completed", 1))))
          .isEqualTo("PROGRESS_JSON:{\"completed\":1}");
      assertThat(as.format(new ProgressFinal(Json.object().put("type", "final"))))
          .isEqualTo("PROGRESS_JSON_FINAL:{\"type\":\"final\"}");
    }

    @Test
    void shouldWriteStartAndOkLinesTheUiReadsAsIndexAndType() {
      // given
      TaskRef ref = new TaskRef(12, "heavyload_stress_test", null);

      // when
      Matcher start = UI_START.matcher(as.format(new TaskStart(ref)));
      Matcher ok = UI_OK.matcher(as.format(new TaskOk(ref, "warning")));

      // then
      assertThat(start.matches()).isTrue();
      assertThat(start.group(1)).isEqualTo("12");
      assertThat(start.group(2)).isEqualTo("heavyload_stress_test");
      assertThat(ok.matches()).isTrue();
      assertThat(ok.group(1)).isEqualTo("12");
      assertThat(ok.group(2)).isEqualTo("heavyload_stress_test");
    }

    @Test
    void shouldWriteFailLinesTheUiReadsAsIndexTypeAndReason() {
      // given: a two-line reason that itself holds " - "
      TaskRef ref = new TaskRef(1, "dism_health_check", null);
      String reason = "Exception: DISM failed - Error: 87\n  The parameter is incorrect.";

      // when
      String line = as.format(new TaskFail(ref, reason));
      Matcher m = UI_FAIL.matcher(line);

      // then
      assertThat(line).doesNotContain("\n");
      assertThat(m.matches()).isTrue();
      assertThat(m.group(1)).isEqualTo("1");
      assertThat(m.group(2)).isEqualTo("dism_health_check");
      assertThat(m.group(3))
          .isEqualTo("Exception: DISM failed - Error: 87 The parameter is incorrect.");
    }

    @Test
    void shouldWriteSkipLinesTheUiReadsAsIndexTypeAndReason() {
      // given
      TaskRef ref = new TaskRef(0, "bogus_task", null);

      // when
      Matcher m = UI_SKIP.matcher(as.format(new TaskSkip(ref, "No handler found\nfor task type")));

      // then
      assertThat(m.matches()).isTrue();
      assertThat(m.group(1)).isEqualTo("0");
      assertThat(m.group(2)).isEqualTo("bogus_task");
      assertThat(m.group(3)).isEqualTo("No handler found for task type");
    }

    @Test
    void shouldNeverWriteAnEmptyReasonTheUiWouldMisread() {
      // given
      TaskRef ref = new TaskRef(0, "sfc_scan", null);

      // when
      Matcher m = UI_FAIL.matcher(as.format(new TaskFail(ref, " \n ")));

      // then
      assertThat(m.matches()).isTrue();
      assertThat(m.group(2)).isEqualTo("sfc_scan");
      assertThat(m.group(3)).isEqualTo("Unknown error");
    }

    @Test
    void shouldWriteProgressThatTheUiTrimsAndParses() throws Exception {
      // given
      ObjectNode body = body();

      // when
      String line = as.format(new Progress(body));

      // then: the UI does line.slice("PROGRESS_JSON:".length).trim() then JSON.parse
      assertThat(line).startsWith("PROGRESS_JSON:{");
      JsonNode read = Json.parse(line.substring("PROGRESS_JSON:".length()).trim());
      assertThat(read).isEqualTo(body);
    }

    static Stream<Marker> markers() {
      TaskRef ref = new TaskRef(3, "smartctl_report", null);
      return Stream.of(
          new TaskStart(ref),
          new TaskOk(ref, "success"),
          new TaskFail(ref, "smartctl exited 4 - partial"),
          new TaskSkip(ref, "No handler found for task type"),
          new Progress(body()),
          new ProgressFinal(Json.object().put("type", "final").put("completed", 3)));
    }

    @ParameterizedTest
    @MethodSource("markers")
    void shouldReadBackWhatItWrites(Marker marker) {
      // when
      Optional<Marker> parsed = as.parse(as.format(marker));

      // then
      assertThat(parsed).contains(marker);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "TASK_START:0:sfc_scan",
          "TASK_OK:1:dism_health_check",
          "TASK_FAIL:2:chkdsk_scan - Exception: access denied",
          "TASK_SKIP:10:bogus - No handler found for task type",
          "PROGRESS_JSON:{\"type\":\"progress\",\"completed\":1,\"total\":3}",
          "PROGRESS_JSON_FINAL:{\"type\":\"final\",\"results\":[],\"overall_status\":\"success\"}"
        })
    void shouldWriteBackTheLineItReads(String line) {
      // when
      Optional<Marker> parsed = as.parse(line);

      // then
      assertThat(parsed).isPresent();
      assertThat(as.format(parsed.get())).isEqualTo(line);
    }

    @Test
    void shouldReadTheIndexTypeAndReasonOfEachMarker() {
      assertThat(as.parse("TASK_START:4:sfc_scan"))
          .contains(new TaskStart(new TaskRef(4, "sfc_scan", null)));
      assertThat(as.parse("TASK_OK:4:sfc_scan"))
          .contains(new TaskOk(new TaskRef(4, "sfc_scan", null), "success"));
      assertThat(as.parse("TASK_FAIL:4:sfc_scan - boom"))
          .contains(new TaskFail(new TaskRef(4, "sfc_scan", null), "boom"));
      assertThat(as.parse("TASK_SKIP:4:sfc_scan - later"))
          .contains(new TaskSkip(new TaskRef(4, "sfc_scan", null), "later"));
    }

    @Test
    void shouldUseTheUiWordsForAFailOrSkipWithoutReason() {
      assertThat(as.parse("TASK_FAIL:0:sfc_scan"))
          .contains(new TaskFail(new TaskRef(0, "sfc_scan", null), "Failed"));
      assertThat(as.parse("TASK_SKIP:0:sfc_scan"))
          .contains(new TaskSkip(new TaskRef(0, "sfc_scan", null), "Skipped"));
    }

    @Test
    void shouldReadProgressWithOrWithoutASpaceAndTellFinalApart() throws Exception {
      assertThat(as.parse("PROGRESS_JSON: {\"completed\":1}"))
          .contains(new Progress(Json.parse("{\"completed\":1}")));
      assertThat(as.parse("PROGRESS_JSON:{\"completed\":1}"))
          .contains(new Progress(Json.parse("{\"completed\":1}")));
      assertThat(as.parse("PROGRESS_JSON_FINAL:{\"completed\":3}"))
          .contains(new ProgressFinal(Json.parse("{\"completed\":3}")));
    }

    @Test
    void shouldNotReadTheSeedSpelling() {
      assertThat(as.parse("TASK_START: scan-1")).isEmpty();
      assertThat(as.parse("TASK_OK: scan-1 | success")).isEmpty();
      assertThat(as.parse("TASK_FAIL: scan-1 | boom")).isEmpty();
    }
  }
}
