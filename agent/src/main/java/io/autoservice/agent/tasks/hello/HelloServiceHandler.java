package io.autoservice.agent.tasks.hello;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;

/**
 * The smoke-test task: greets {@code name}, optionally after working for {@code seconds} (with
 * progress each second and honouring cancellation), so the whole pipeline can be exercised on any
 * machine without a tool.
 *
 * <p>Specification: docs/tasks.md#hello_service.
 */
public final class HelloServiceHandler implements TaskHandler {
  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("name", ParamType.STRING, "Who to greet.")
              .withDefault(TextNode.valueOf("World")),
          ParamSpec.optional(
                  "seconds", ParamType.NUMBER, "Work this long first, reporting progress.")
              .withDefault(IntNode.valueOf(0))
              .withRange(0.0, 86_400.0));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "hello_service",
        "Smoke test: says \"Hello, <name>!\", optionally after working for <seconds>.",
        PARAMS,
        Duration.ofHours(1));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) throws InterruptedException {
    String name = ctx.params().string("name").orElse("World");
    double seconds = ctx.params().number("seconds").orElse(0.0);
    long endNanos = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < endNanos) {
      if (ctx.cancellation().isCancelled()) {
        return TaskOutcome.reason(TaskStatus.ERROR, ctx.cancellation().reason(), null);
      }
      double done = seconds - (endNanos - System.nanoTime()) / 1e9;
      ctx.progress(100 * done / seconds, String.format("working %.0f of %.0f s", done, seconds));
      Thread.sleep(Math.min(100, Math.max(1, (endNanos - System.nanoTime()) / 1_000_000)));
    }
    String message = "Hello, " + name + "!";
    ctx.log(message);
    ObjectNode hr = Json.object().put("message", message);
    ObjectNode results = Json.object().put("name", name).put("seconds", seconds);
    return TaskOutcome.of(TaskStatus.SUCCESS, hr, results);
  }
}
