package io.autoservice.controller.hostile;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunFinished;
import io.autoservice.proto.v1.RunReport;
import io.autoservice.proto.v1.RunStarted;
import io.autoservice.proto.v1.Task;
import io.autoservice.proto.v1.TaskFinished;
import io.autoservice.proto.v1.TaskOutput;
import io.autoservice.proto.v1.TaskProgress;
import io.autoservice.proto.v1.TaskResult;
import io.autoservice.proto.v1.TaskStarted;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Hostile protobuf messages, built from {@link HostileValues}. */
final class HostileMessages {
  private HostileMessages() {}

  /** A run event's body; the case chooses its run id and sequence. */
  interface EventShape {
    RunEvent build(String runId, long sequence);
  }

  /** How a case numbers its events: in order, repeated, with gaps, or absurd. */
  enum Numbering {
    NEXT,
    REPEAT,
    GAP,
    ZERO,
    HUGE,
    BACKWARDS
  }

  static Arbitrary<Numbering> numbering() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(Numbering.NEXT)),
        Tuple.of(1, Arbitraries.of(Numbering.values())));
  }

  static Arbitrary<EventShape> event() {
    Arbitrary<RunEvent.Builder> body =
        Arbitraries.oneOf(
            Combinators.combine(
                    HostileValues.extremeInt(), HostileValues.text().list().ofMaxSize(4))
                .as(
                    (n, types) ->
                        RunEvent.newBuilder()
                            .setRunStarted(
                                RunStarted.newBuilder().setTotalTasks(n).addAllTaskTypes(types))),
            Combinators.combine(
                    HostileValues.extremeInt(), HostileValues.text(), HostileValues.text())
                .as(
                    (i, type, id) ->
                        RunEvent.newBuilder()
                            .setTaskStarted(
                                TaskStarted.newBuilder()
                                    .setIndex(i)
                                    .setTaskType(type)
                                    .setTaskId(id))),
            Combinators.combine(
                    HostileValues.extremeInt(), HostileValues.extremeDouble(), HostileValues.text())
                .as(
                    (i, p, m) ->
                        RunEvent.newBuilder()
                            .setTaskProgress(
                                TaskProgress.newBuilder().setIndex(i).setPercent(p).setMessage(m))),
            Combinators.combine(
                    HostileValues.extremeInt(),
                    Arbitraries.of(0, 1, 2, 3, 99),
                    HostileValues.text())
                .as(
                    (i, s, line) ->
                        RunEvent.newBuilder()
                            .setTaskOutput(
                                TaskOutput.newBuilder()
                                    .setIndex(i)
                                    .setStreamValue(s)
                                    .setLine(line))),
            Combinators.combine(HostileValues.extremeInt(), taskResult())
                .as(
                    (i, r) ->
                        RunEvent.newBuilder()
                            .setTaskFinished(TaskFinished.newBuilder().setIndex(i).setResult(r))),
            report()
                .map(
                    r ->
                        RunEvent.newBuilder()
                            .setRunFinished(RunFinished.newBuilder().setReport(r))),
            Arbitraries.just(RunEvent.newBuilder()), // no kind at all
            Arbitraries.just(
                RunEvent.newBuilder().setUnknownFields(unknownField(99)))); // a newer agent's kind
    return Combinators.combine(body, HostileValues.timestamp(), Arbitraries.of(true, false))
        .as(
            (b, time, timed) ->
                (runId, seq) -> {
                  RunEvent.Builder e = b.clone().setRunId(runId).setSequence(seq);
                  return timed ? e.setTime(time).build() : e.build();
                });
  }

  static Arbitrary<TaskResult> taskResult() {
    return Combinators.combine(
            HostileValues.text(),
            HostileValues.text(),
            Arbitraries.of(0, 1, 2, 3, 4, 77),
            HostileValues.struct(),
            HostileValues.extremeDouble(),
            HostileValues.struct())
        .as(
            (type, id, status, summary, seconds, extra) ->
                TaskResult.newBuilder()
                    .setTaskType(type)
                    .setTaskId(id)
                    .setStatusValue(status)
                    .setSummary(summary)
                    .setDurationSeconds(seconds)
                    .setExtra(extra)
                    .build());
  }

  static Arbitrary<RunReport> report() {
    return Combinators.combine(
            HostileValues.text(),
            Arbitraries.of(0, 1, 2, 3, 4, 5, 66),
            taskResult().list().ofMaxSize(3),
            HostileValues.extremeDouble(),
            HostileValues.timestamp(),
            HostileValues.struct(),
            HostileValues.text())
        .as(
            (runId, status, tasks, seconds, at, metadata, error) ->
                RunReport.newBuilder()
                    .setRunId(runId)
                    .setStatusValue(status)
                    .addAllTasks(tasks)
                    .setTotalDurationSeconds(seconds)
                    .setRunTimestamp(at)
                    .setMetadata(metadata)
                    .setError(error)
                    .build());
  }

  /** A plan as a console or an offline upload might send it: sometimes fine, mostly not. */
  static Arbitrary<Plan> plan() {
    Arbitrary<String> type =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just("hello_service")), Tuple.of(2, HostileValues.text()));
    Arbitrary<Task> task =
        Combinators.combine(HostileValues.text(), type, HostileValues.struct())
            .as(
                (id, t, params) ->
                    Task.newBuilder().setId(id).setType(t).setParams(params).build());
    Arbitrary<Plan> usual =
        Combinators.combine(task.list().ofMaxSize(4), HostileValues.struct())
            .as(
                (tasks, metadata) ->
                    Plan.newBuilder().addAllTasks(tasks).setMetadata(metadata).build());
    return Arbitraries.frequencyOf(
        Tuple.of(8, usual),
        Tuple.of(1, Arbitraries.just(hugePlan())),
        Tuple.of(1, Arbitraries.just(manyTasks())));
  }

  /** 5 MiB of parameters: over the 4 MiB plan limit, under the transport's. */
  private static Plan hugePlan() {
    Struct params =
        Struct.newBuilder()
            .putFields("name", Value.newBuilder().setStringValue("x".repeat(5 << 20)).build())
            .build();
    return Plan.newBuilder()
        .addTasks(Task.newBuilder().setType("hello_service").setParams(params))
        .build();
  }

  private static Plan manyTasks() {
    Plan.Builder b = Plan.newBuilder();
    for (int i = 0; i < 1_001; i++) {
      b.addTasks(Task.newBuilder().setType("hello_service"));
    }
    return b.build();
  }

  static UnknownFieldSet unknownField(int number) {
    return UnknownFieldSet.newBuilder()
        .addField(
            number,
            UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFromUtf8("from the future"))
                .build())
        .build();
  }
}
