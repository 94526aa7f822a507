package io.autoservice.common.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TaskStatusTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "success, SUCCESS",
    "ok, SUCCESS",
    "warning, WARNING",
    "completed_with_errors, WARNING",
    "unknown, WARNING",
    "error, ERROR",
    "failure, ERROR",
    "failed, ERROR",
    "fail, ERROR",
    "skipped, SKIPPED",
    "skip, SKIPPED",
    "'  Failure ', ERROR",
    "SUCCESS, SUCCESS",
    "Completed_With_Errors, WARNING"
  })
  void shouldReadOurAndTheOriginalRunnersStatusWords(String text, TaskStatus expected) {
    // when
    TaskStatus status = TaskStatus.parse(text);

    // then
    assertThat(status).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void shouldReadBackItsOwnWireName(TaskStatus status) {
    assertThat(TaskStatus.parse(status.wireName())).isEqualTo(status);
    assertThat(status.wireName()).isEqualTo(status.name().toLowerCase(Locale.ROOT));
  }

  @Test
  void shouldRefuseAnUnknownWordNamingTheChoices() {
    assertThatThrownBy(() -> TaskStatus.parse("done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status: \"done\" (expected: success, warning, error or skipped)");
    assertThatThrownBy(() -> TaskStatus.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskStatus.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
