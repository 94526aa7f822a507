package io.autoservice.agent.tasks.heavyload;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.testsupport.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElapsedProgressTest {
  @Test
  void shouldReportTheElapsedShareCappedBelowDone() {
    assertThat(ElapsedProgress.percent(Duration.ofSeconds(30), Duration.ofMinutes(1)))
        .isEqualTo(50.0);
    assertThat(ElapsedProgress.percent(Duration.ofMinutes(3), Duration.ofMinutes(1)))
        .isEqualTo(99.0);
    assertThat(ElapsedProgress.percent(Duration.ofMinutes(3), null)).isZero();
  }

  @Test
  void shouldTickUntilClosed() throws Exception {
    FakeTaskContext ctx =
        new FakeTaskContext(Json.object(), ParamSchema.of(), new ToolLocator(Map.of(), false));

    try (ElapsedProgress p =
        ElapsedProgress.start(
            ctx,
            Duration.ofSeconds(10),
            Duration.ofMillis(50),
            e -> "running " + Durations.text(e))) {
      Eventually.until(Duration.ofSeconds(10), () -> ctx.progress.size() >= 3, () -> "three ticks");
    }
    int seen = ctx.progress.size();
    Thread.sleep(200); // a window, not a wait: nothing may tick once closed

    assertThat(seen).isGreaterThanOrEqualTo(3);
    assertThat(ctx.progress).hasSize(seen);
    assertThat(ctx.progress.get(0).percent()).isBetween(0.0, 10.0);
    assertThat(ctx.progress.get(0).message()).matches("running \\d+ ms");
  }
}
