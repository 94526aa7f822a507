package io.autoservice.common.event;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import java.util.List;

/** What a {@link RunEvent} says. TaskStarted and TaskFinished are never coalesced; progress is. */
public sealed interface EventPayload {

  /** The run began executing; {@code taskTypes} lists the plan's types in order. */
  record RunStarted(List<String> taskTypes) implements EventPayload {
    public RunStarted {
      taskTypes = List.copyOf(taskTypes);
    }
  }

  /** A task began. {@code taskId} is the plan's id or {@code null}. */
  record TaskStarted(int index, String taskType, String taskId) implements EventPayload {
    public TaskStarted {
      requireNonNull(taskType, "taskType");
    }
  }

  /** A task's progress: {@code percent} from 0 to 100, negative when the tool does not say. */
  record TaskProgress(int index, double percent, String message) implements EventPayload {
    public TaskProgress {
      message = message == null ? "" : message;
    }
  }

  /** A line a task's tool printed, or the handler logged. */
  record TaskOutput(int index, OutputSource source, String line) implements EventPayload {
    public TaskOutput {
      requireNonNull(source, "source");
      requireNonNull(line, "line");
    }
  }

  /** A task ended. */
  record TaskFinished(int index, TaskResult result) implements EventPayload {
    public TaskFinished {
      requireNonNull(result, "result");
    }
  }

  /** The run ended with its final report. */
  record RunFinished(RunReport report) implements EventPayload {
    public RunFinished {
      requireNonNull(report, "report");
    }
  }

  /** Where a {@link TaskOutput} line came from. */
  enum OutputSource {
    STDOUT,
    STDERR,
    LOG
  }
}
