package io.autoservice.common.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunStatusTest {

  private static TaskResult result(TaskStatus status) {
    return new TaskResult("sfc_scan", null, status, null, 1, null);
  }

  @Test
  void shouldBeOkWhenNoTaskErrored() {
    // given: warnings and skips do not spoil a run, as in the original runner
    List<TaskResult> results =
        List.of(result(TaskStatus.SUCCESS), result(TaskStatus.WARNING), result(TaskStatus.SKIPPED));

    // when / then
    assertThat(RunStatus.of(results)).isEqualTo(RunStatus.OK);
    assertThat(RunStatus.of(List.of())).isEqualTo(RunStatus.OK);
  }

  @Test
  void shouldBeCompletedWithErrorsWhenATaskErrored() {
    // given
    List<TaskResult> results = List.of(result(TaskStatus.SUCCESS), result(TaskStatus.ERROR));

    // when / then
    assertThat(RunStatus.of(results)).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
  }

  @ParameterizedTest
  @EnumSource(RunStatus.class)
  void shouldReadBackItsOwnWireNameInAnyCase(RunStatus status) {
    assertThat(RunStatus.parse(status.wireName())).isEqualTo(status);
    assertThat(RunStatus.parse(status.wireName().toUpperCase(Locale.ROOT))).isEqualTo(status);
  }

  @Test
  void shouldUseTheReportWords() {
    assertThat(RunStatus.OK.wireName()).isEqualTo("ok");
    assertThat(RunStatus.COMPLETED_WITH_ERRORS.wireName()).isEqualTo("completed_with_errors");
  }

  @Test
  void shouldRefuseAnUnknownWordNamingTheChoices() {
    assertThatThrownBy(() -> RunStatus.parse("success"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "status: \"success\" (expected: ok, completed_with_errors, cancelled, error, expired)");
  }
}
