package io.autoservice.common.wire;

import com.google.protobuf.Timestamp;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.proto.v1.RunFinished;
import io.autoservice.proto.v1.RunStarted;
import io.autoservice.proto.v1.TaskFinished;
import io.autoservice.proto.v1.TaskOutput;
import io.autoservice.proto.v1.TaskProgress;
import io.autoservice.proto.v1.TaskStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where domain types meet generated protobuf types, in both directions. Agent and
 * controller both use it, so both read and write the wire the same way.
 */
public final class WireMapper {
  private WireMapper() {}

  // ---- plans

  public static io.autoservice.proto.v1.Plan toProto(Plan plan) {
    var b =
        io.autoservice.proto.v1.Plan.newBuilder()
            .setMetadata(StructMapper.toStruct(plan.metadata()));
    for (TaskSpec t : plan.tasks()) {
      b.addTasks(
          io.autoservice.proto.v1.Task.newBuilder()
              .setId(t.id() == null ? "" : t.id())
              .setType(t.type())
              .setParams(StructMapper.toStruct(t.params())));
    }
    return b.build();
  }

  public static Plan fromProto(io.autoservice.proto.v1.Plan plan) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < plan.getTasksCount(); i++) {
      var t = plan.getTasks(i);
      tasks.add(
          new TaskSpec(
              i,
              t.getId().isEmpty() ? null : t.getId(),
              t.getType(),
              StructMapper.toJson(t.getParams())));
    }
    return new Plan(tasks, StructMapper.toJson(plan.getMetadata()));
  }

  // ---- results and reports

  public static io.autoservice.proto.v1.TaskResult toProto(TaskResult r) {
    return io.autoservice.proto.v1.TaskResult.newBuilder()
        .setTaskType(r.taskType())
        .setTaskId(r.taskId() == null ? "" : r.taskId())
        .setStatus(toProto(r.status()))
        .setSummary(StructMapper.toStruct(r.summary()))
        .setDurationSeconds(r.durationSeconds())
        .setExtra(StructMapper.toStruct(r.extra()))
        .build();
  }

  public static TaskResult fromProto(io.autoservice.proto.v1.TaskResult r) {
    return new TaskResult(
        r.getTaskType(),
        r.getTaskId().isEmpty() ? null : r.getTaskId(),
        fromProto(r.getStatus()),
        StructMapper.toJson(r.getSummary()),
        r.getDurationSeconds(),
        StructMapper.toJson(r.getExtra()));
  }

  public static io.autoservice.proto.v1.RunReport toProto(RunReport r) {
    var b =
        io.autoservice.proto.v1.RunReport.newBuilder()
            .setRunId(r.runId())
            .setStatus(toProto(r.status()))
            .setTotalDurationSeconds(r.totalDurationSeconds())
            .setRunTimestamp(toProto(r.runTimestamp()))
            .setMetadata(StructMapper.toStruct(r.metadata()))
            .setError(r.error() == null ? "" : r.error());
    r.tasks().forEach(t -> b.addTasks(toProto(t)));
    return b.build();
  }

  public static RunReport fromProto(io.autoservice.proto.v1.RunReport r) {
    List<TaskResult> tasks = new ArrayList<>();
    r.getTasksList().forEach(t -> tasks.add(fromProto(t)));
    return new RunReport(
        r.getRunId(),
        fromProto(r.getStatus()),
        tasks,
        r.getTotalDurationSeconds(),
        fromProto(r.getRunTimestamp()),
        StructMapper.toJson(r.getMetadata()),
        r.getError().isEmpty() ? null : r.getError());
  }

  // ---- events

  public static io.autoservice.proto.v1.RunEvent toProto(RunEvent e) {
    var b =
        io.autoservice.proto.v1.RunEvent.newBuilder()
            .setRunId(e.runId())
            .setSequence(e.sequence())
            .setTime(toProto(e.time()));
    EventPayload p = e.payload();
    if (p instanceof EventPayload.RunStarted s) {
      b.setRunStarted(
          RunStarted.newBuilder()
              .setTotalTasks(s.taskTypes().size())
              .addAllTaskTypes(s.taskTypes()));
    } else if (p instanceof EventPayload.TaskStarted s) {
      b.setTaskStarted(
          TaskStarted.newBuilder()
              .setIndex(s.index())
              .setTaskType(s.taskType())
              .setTaskId(s.taskId() == null ? "" : s.taskId()));
    } else if (p instanceof EventPayload.TaskProgress s) {
      b.setTaskProgress(
          TaskProgress.newBuilder()
              .setIndex(s.index())
              .setPercent(s.percent())
              .setMessage(s.message()));
    } else if (p instanceof EventPayload.TaskOutput s) {
      b.setTaskOutput(
          TaskOutput.newBuilder()
              .setIndex(s.index())
              .setStream(toProto(s.source()))
              .setLine(s.line()));
    } else if (p instanceof EventPayload.TaskFinished s) {
      b.setTaskFinished(
          TaskFinished.newBuilder().setIndex(s.index()).setResult(toProto(s.result())));
    } else if (p instanceof EventPayload.RunFinished s) {
      b.setRunFinished(RunFinished.newBuilder().setReport(toProto(s.report())));
    }
    return b.build();
  }

  /** Throws {@link IllegalArgumentException} for an event without a payload: the peer is broken. */
  public static RunEvent fromProto(io.autoservice.proto.v1.RunEvent e) {
    EventPayload payload =
        switch (e.getKindCase()) {
          case RUN_STARTED -> new EventPayload.RunStarted(e.getRunStarted().getTaskTypesList());
          case TASK_STARTED -> {
            var s = e.getTaskStarted();
            yield new EventPayload.TaskStarted(
                s.getIndex(), s.getTaskType(), s.getTaskId().isEmpty() ? null : s.getTaskId());
          }
          case TASK_PROGRESS -> {
            var s = e.getTaskProgress();
            yield new EventPayload.TaskProgress(s.getIndex(), s.getPercent(), s.getMessage());
          }
          case TASK_OUTPUT -> {
            var s = e.getTaskOutput();
            yield new EventPayload.TaskOutput(s.getIndex(), fromProto(s.getStream()), s.getLine());
          }
          case TASK_FINISHED ->
              new EventPayload.TaskFinished(
                  e.getTaskFinished().getIndex(), fromProto(e.getTaskFinished().getResult()));
          case RUN_FINISHED ->
              new EventPayload.RunFinished(fromProto(e.getRunFinished().getReport()));
          case KIND_NOT_SET ->
              throw new IllegalArgumentException(
                  "run_event: expected one of run_started … run_finished, but none was set (run "
                      + e.getRunId()
                      + ", sequence "
                      + e.getSequence()
                      + ")");
        };
    return new RunEvent(e.getRunId(), e.getSequence(), fromProto(e.getTime()), payload);
  }

  // ---- enums and times

  public static io.autoservice.proto.v1.TaskStatus toProto(TaskStatus s) {
    return switch (s) {
      case SUCCESS -> io.autoservice.proto.v1.TaskStatus.TASK_STATUS_SUCCESS;
      case WARNING -> io.autoservice.proto.v1.TaskStatus.TASK_STATUS_WARNING;
      case ERROR -> io.autoservice.proto.v1.TaskStatus.TASK_STATUS_ERROR;
      case SKIPPED -> io.autoservice.proto.v1.TaskStatus.TASK_STATUS_SKIPPED;
    };
  }

  public static TaskStatus fromProto(io.autoservice.proto.v1.TaskStatus s) {
    return switch (s) {
      case TASK_STATUS_SUCCESS -> TaskStatus.SUCCESS;
      case TASK_STATUS_WARNING -> TaskStatus.WARNING;
      case TASK_STATUS_SKIPPED -> TaskStatus.SKIPPED;
      // An unknown status from a newer peer must not pass as success.
      default -> TaskStatus.ERROR;
    };
  }

  public static io.autoservice.proto.v1.RunStatus toProto(RunStatus s) {
    return switch (s) {
      case OK -> io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK;
      case COMPLETED_WITH_ERRORS ->
          io.autoservice.proto.v1.RunStatus.RUN_STATUS_COMPLETED_WITH_ERRORS;
      case CANCELLED -> io.autoservice.proto.v1.RunStatus.RUN_STATUS_CANCELLED;
      case ERROR -> io.autoservice.proto.v1.RunStatus.RUN_STATUS_ERROR;
      case EXPIRED -> io.autoservice.proto.v1.RunStatus.RUN_STATUS_EXPIRED;
    };
  }

  public static RunStatus fromProto(io.autoservice.proto.v1.RunStatus s) {
    return switch (s) {
      case RUN_STATUS_OK -> RunStatus.OK;
      case RUN_STATUS_COMPLETED_WITH_ERRORS -> RunStatus.COMPLETED_WITH_ERRORS;
      case RUN_STATUS_CANCELLED -> RunStatus.CANCELLED;
      case RUN_STATUS_EXPIRED -> RunStatus.EXPIRED;
      default -> RunStatus.ERROR;
    };
  }

  public static io.autoservice.proto.v1.TaskOutput.Stream toProto(EventPayload.OutputSource s) {
    return switch (s) {
      case STDOUT -> io.autoservice.proto.v1.TaskOutput.Stream.STREAM_STDOUT;
      case STDERR -> io.autoservice.proto.v1.TaskOutput.Stream.STREAM_STDERR;
      case LOG -> io.autoservice.proto.v1.TaskOutput.Stream.STREAM_LOG;
    };
  }

  public static EventPayload.OutputSource fromProto(io.autoservice.proto.v1.TaskOutput.Stream s) {
    return switch (s) {
      case STREAM_STDOUT -> EventPayload.OutputSource.STDOUT;
      case STREAM_STDERR -> EventPayload.OutputSource.STDERR;
      default -> EventPayload.OutputSource.LOG;
    };
  }

  public static Timestamp toProto(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  public static Instant fromProto(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
