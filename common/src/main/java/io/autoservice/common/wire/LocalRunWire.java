package io.autoservice.common.wire;

import io.autoservice.common.result.OfflineRun;
import io.autoservice.proto.v1.LocalRunAck;
import io.autoservice.proto.v1.LocalRunReport;

/**
 * Maps {@link OfflineRun} to and from {@code LocalRunReport}, and builds {@code LocalRunAck}: the
 * upload of runs made with {@code agent run --sync} (proto/PROTOCOL.md, "Local runs").
 */
public final class LocalRunWire {
  private LocalRunWire() {}

  public static LocalRunReport toProto(OfflineRun run) {
    return LocalRunReport.newBuilder()
        .setLocalRunId(run.localRunId())
        .setStartedAt(WireMapper.toProto(run.startedAt()))
        .setFinishedAt(WireMapper.toProto(run.finishedAt()))
        .setPlan(WireMapper.toProto(run.plan()))
        .setReport(WireMapper.toProto(run.report()))
        .build();
  }

  /**
   * Throws {@link IllegalArgumentException} naming the field when the message cannot be a run: the
   * peer is broken, and retrying the same bytes will not help.
   */
  public static OfflineRun fromProto(LocalRunReport m) {
    if (m.getLocalRunId().isBlank()) {
      throw new IllegalArgumentException(
          "local_run_report.local_run_id: expected a run id but it is empty");
    }
    if (!m.hasReport()) {
      throw new IllegalArgumentException(
          "local_run_report.report: expected the run's final report but it is missing (run "
              + m.getLocalRunId()
              + ")");
    }
    if (!m.hasStartedAt() || !m.hasFinishedAt()) {
      throw new IllegalArgumentException(
          "local_run_report."
              + (m.hasStartedAt() ? "finished_at" : "started_at")
              + ": expected a time but it is missing (run "
              + m.getLocalRunId()
              + ")");
    }
    return new OfflineRun(
        m.getLocalRunId(),
        WireMapper.fromProto(m.getStartedAt()),
        WireMapper.fromProto(m.getFinishedAt()),
        WireMapper.fromProto(m.getPlan()),
        WireMapper.fromProto(m.getReport()));
  }

  /** The run is stored under {@code runId}: the agent may delete its copy. */
  public static LocalRunAck accepted(String localRunId, String runId) {
    return LocalRunAck.newBuilder()
        .setLocalRunId(localRunId)
        .setAccepted(true)
        .setRunId(runId)
        .build();
  }

  /**
   * Stored under {@code runId}, but not all of it: {@code note} (may be null) says what was not
   * kept.
   */
  public static LocalRunAck accepted(String localRunId, String runId, String note) {
    LocalRunAck ack = accepted(localRunId, runId);
    return note == null ? ack : ack.toBuilder().setError(note).build();
  }

  /** The controller will never store this upload; {@code error} says why. */
  public static LocalRunAck refused(String localRunId, String error) {
    return LocalRunAck.newBuilder()
        .setLocalRunId(localRunId)
        .setAccepted(false)
        .setError(error)
        .build();
  }
}
