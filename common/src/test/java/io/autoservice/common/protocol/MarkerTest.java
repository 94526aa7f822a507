package io.autoservice.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.protocol.Marker.TaskRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkerTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TASK_START:0:sfc_scan",
        "TASK_START: scan-1",
        "TASK_OK:0:x",
        "TASK_FAIL: a | b",
        "TASK_SKIP:1:y - z",
        "PROGRESS_JSON:{}",
        "PROGRESS_JSON: {}",
        "PROGRESS_JSON_FINAL:{}"
      })
  void shouldRecogniseALineStartingWithAMarkerWord(String line) {
    assertThat(Marker.startsWithMarkerWord(line)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Starting task 1/3: sfc_scan",
        " TASK_OK:0:x",
        "[0:sfc_scan] TASK_OK:0:x",
        "task_ok:0:x",
        "TASK:0:x",
        "PROGRESS 42%"
      })
  void shouldNotRecogniseOtherLines(String line) {
    assertThat(Marker.startsWithMarkerWord(line)).isFalse();
  }

  @Test
  void shouldFoldLineBreaksAndTheirBlanksToOneSpace() {
    assertThat(Marker.oneLine("  Error: 87\r\n   The parameter\n\n\tis incorrect.\n"))
        .isEqualTo("Error: 87 The parameter is incorrect.");
    assertThat(Marker.oneLine("a  b")).isEqualTo("a  b");
    assertThat(Marker.oneLine(null)).isEmpty();
  }

  @Test
  void shouldNameATaskByIdElseByType() {
    assertThat(new TaskRef(0, "sfc_scan", "scan-1").markerId()).isEqualTo("scan-1");
    assertThat(new TaskRef(0, "sfc_scan", null).markerId()).isEqualTo("sfc_scan");
    assertThat(new TaskRef(0, "sfc_scan", "").markerId()).isEqualTo("sfc_scan");
  }

  @Test
  void shouldRequireAReasonForFailAndSkip() {
    TaskRef ref = new TaskRef(0, "sfc_scan", null);
    assertThatThrownBy(() -> new Marker.TaskFail(ref, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Marker.TaskSkip(ref, null))
        .isInstanceOf(NullPointerException.class);
  }
}
