package io.autoservice.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlanExecutorTest {
  private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
  private PlanExecutor executor;

  /** A handler whose behaviour each test supplies. */
  private record Scripted(String type, Duration timeout, boolean windowsOnly, Body body)
      implements TaskHandler {
    interface Body {
      TaskOutcome run(TaskContext ctx) throws Exception;
    }

    @Override
    public TaskDescriptor descriptor() {
      TaskDescriptor d =
          TaskDescriptor.of(
                  type,
                  "test",
                  ParamSchema.of(ParamSpec.optional("n", ParamType.INTEGER, "a number")),
                  timeout)
              .runs(Tool.SFC);
      return windowsOnly ? d.onlyOnWindows() : d;
    }

    @Override
    public TaskOutcome run(TaskContext ctx) throws Exception {
      return body.run(ctx);
    }
  }

  /** Blocks a task body until the run cancels it (a timeout, or the user), as a real tool would. */
  private static void awaitCancel(TaskContext ctx) throws InterruptedException {
    CountDownLatch cancelled = new CountDownLatch(1);
    try (CancellationToken.Registration r = ctx.cancellation().onCancel(cancelled::countDown)) {
      if (!cancelled.await(1, TimeUnit.MINUTES)) {
        throw new AssertionError("the task was never cancelled");
      }
    }
  }

  private static Scripted ok(String type) {
    return new Scripted(
        type,
        Duration.ofMinutes(1),
        false,
        ctx -> TaskOutcome.of(TaskStatus.SUCCESS, Json.object().put("said", "hi"), Json.object()));
  }

  private RunReport run(
      String planJson, boolean windows, CancellationToken token, TaskHandler... handlers)
      throws Exception {
    executor =
        new PlanExecutor(
            new TaskRegistry(List.of(handlers)),
            new ProcessRunner(),
            new ToolLocator(Map.of(), windows),
            new MachineFacts("pc-1", "tech", "Windows 11", "10.0", "test"),
            Clock.systemUTC(),
            Duration.ofMillis(50));
    return executor.execute("run-1", PlanParser.parse(planJson), events::add, token);
  }

  @AfterEach
  void close() {
    if (executor != null) {
      executor.close();
    }
  }

  private List<Class<?>> kinds() {
    List<Class<?>> out = new ArrayList<>();
    events.forEach(e -> out.add(e.payload().getClass()));
    return out;
  }

  @Test
  void shouldEmitEventsInSequenceAndMeasureEveryTask() throws Exception {
    RunReport report =
        run(
            "{\"tasks\":[{\"type\":\"a\"},{\"type\":\"b\"}],\"metadata\":{\"customer_name\":\"Ada\"}}",
            true,
            new CancellationToken(),
            ok("a"),
            ok("b"));

    assertThat(report.status()).isEqualTo(RunStatus.OK);
    assertThat(report.tasks()).extracting(TaskResult::durationSeconds).allMatch(d -> d > 0);
    assertThat(report.metadata().path("customer_name").asText()).isEqualTo("Ada");
    assertThat(report.metadata().path("hostname").asText()).isEqualTo("pc-1");
    assertThat(kinds())
        .containsExactly(
            EventPayload.RunStarted.class,
            EventPayload.TaskStarted.class,
            EventPayload.TaskFinished.class,
            EventPayload.TaskStarted.class,
            EventPayload.TaskFinished.class,
            EventPayload.RunFinished.class);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).sequence()).isEqualTo(i + 1);
    }
  }

  @Test
  void shouldTurnAThrowingHandlerIntoAnErrorAndGoOn() throws Exception {
    Scripted boom =
        new Scripted(
            "boom",
            Duration.ofMinutes(1),
            false,
            ctx -> {
              throw new IllegalStateException("disk on fire");
            });

    RunReport report =
        run("[{\"type\":\"boom\"},{\"type\":\"a\"}]", true, new CancellationToken(), boom, ok("a"));

    assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    assertThat(report.tasks().get(0).status()).isEqualTo(TaskStatus.ERROR);
    assertThat(report.tasks().get(0).reason()).isEqualTo("Exception: disk on fire");
    assertThat(report.tasks().get(1).status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void shouldSkipUnknownTypesWithoutStartingThem() throws Exception {
    RunReport report = run("[{\"type\":\"nope\"}]", true, new CancellationToken(), ok("a"));

    assertThat(report.tasks().get(0).status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(report.tasks().get(0).reason()).isEqualTo("No handler for task type \"nope\"");
    assertThat(kinds()).doesNotContain(EventPayload.TaskStarted.class);
    assertThat(report.status()).isEqualTo(RunStatus.OK);
  }

  @Test
  void shouldSkipAWindowsOnlyTaskElsewhereUnlessItsToolIsNamed() throws Exception {
    Scripted winOnly =
        new Scripted(
            "w",
            Duration.ofMinutes(1),
            true,
            ctx -> TaskOutcome.of(TaskStatus.SUCCESS, null, null));

    RunReport report =
        run(
            "[{\"type\":\"w\"},{\"type\":\"w\",\"executable_path\":\"/bin/true\"}]",
            false,
            new CancellationToken(),
            winOnly);

    assertThat(report.tasks().get(0).status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(report.tasks().get(0).reason()).isEqualTo("requires Windows");
    assertThat(report.tasks().get(1).status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void shouldRefuseBadParametersAsAnErrorResult() throws Exception {
    RunReport report =
        run("[{\"type\":\"a\",\"n\":\"seven\"}]", true, new CancellationToken(), ok("a"));

    assertThat(report.tasks().get(0).status()).isEqualTo(TaskStatus.ERROR);
    assertThat(report.tasks().get(0).reason()).contains("tasks[0].n: expected an integer");
  }

  @Test
  void shouldStopATaskAtItsTimeoutAndKeepWhatItFound() throws Exception {
    Scripted slow =
        new Scripted(
            "slow",
            Duration.ofMillis(300),
            false,
            ctx -> {
              awaitCancel(ctx);
              return TaskOutcome.of(TaskStatus.SUCCESS, null, Json.object().put("partial", true));
            });

    RunReport report = run("[{\"type\":\"slow\"}]", true, new CancellationToken(), slow);

    TaskResult r = report.tasks().get(0);
    assertThat(r.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(r.reason()).isEqualTo("timed out after 300 ms");
    assertThat(r.summary().at("/results/partial").asBoolean()).isTrue();
    assertThat(r.durationSeconds()).isBetween(0.25, 5.0);
  }

  @Test
  void shouldHonourTimeoutSecondsFromThePlan() throws Exception {
    Scripted slow =
        new Scripted(
            "slow",
            Duration.ofHours(1),
            false,
            ctx -> {
              Thread.sleep(60_000);
              return TaskOutcome.of(TaskStatus.SUCCESS, null, null);
            });

    RunReport report =
        run("[{\"type\":\"slow\",\"timeout_seconds\":0.2}]", true, new CancellationToken(), slow);

    assertThat(report.tasks().get(0).reason()).isEqualTo("timed out after 200 ms");
  }

  @Test
  void shouldCancelTheRunningTaskAndSkipTheRest() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Scripted waits =
        new Scripted(
            "waits",
            Duration.ofHours(1),
            false,
            ctx -> {
              started.countDown();
              awaitCancel(ctx);
              return TaskOutcome.of(TaskStatus.SUCCESS, null, null);
            });
    CancellationToken token = new CancellationToken();
    Thread canceller =
        new Thread(
            () -> {
              try {
                started.await(10, TimeUnit.SECONDS);
                token.cancel("cancelled");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    canceller.start();

    RunReport report = run("[{\"type\":\"waits\"},{\"type\":\"a\"}]", true, token, waits, ok("a"));

    assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(report.tasks().get(0).status()).isEqualTo(TaskStatus.ERROR);
    assertThat(report.tasks().get(0).reason()).isEqualTo("cancelled");
    assertThat(report.tasks().get(1).status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(report.tasks().get(1).reason()).isEqualTo("run cancelled");
  }

  @Test
  void shouldCoalesceProgressAndAlwaysSendTheLastValueBeforeFinishing() throws Exception {
    Scripted chatty =
        new Scripted(
            "chatty",
            Duration.ofMinutes(1),
            false,
            ctx -> {
              for (int i = 0; i <= 1000; i++) {
                ctx.progress(i / 10.0, "step " + i);
              }
              return TaskOutcome.of(TaskStatus.SUCCESS, null, null);
            });

    run("[{\"type\":\"chatty\"}]", true, new CancellationToken(), chatty);

    List<EventPayload.TaskProgress> progress =
        events.stream()
            .map(RunEvent::payload)
            .filter(p -> p instanceof EventPayload.TaskProgress)
            .map(p -> (EventPayload.TaskProgress) p)
            .toList();
    assertThat(progress.size()).isBetween(1, 20);
    assertThat(progress.get(progress.size() - 1).message()).isEqualTo("step 1000");
    int lastProgress = kinds().lastIndexOf(EventPayload.TaskProgress.class);
    assertThat(kinds().indexOf(EventPayload.TaskFinished.class)).isGreaterThan(lastProgress);
  }
}
