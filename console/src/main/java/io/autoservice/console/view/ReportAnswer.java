package io.autoservice.console.view;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.result.RunReport;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.GetReportResponse;
import java.util.Optional;

/**
 * A run and its final report. The report is absent while the run is not finished; a run that ended
 * on the controller (expired, cancelled in the queue, refused, lost) has a report without tasks
 * whose {@code error} says why.
 *
 * @param run the run
 * @param report its final report, if finished
 */
public record ReportAnswer(RunRow run, Optional<RunReport> report) {
  public ReportAnswer {
    requireNonNull(run, "run");
    requireNonNull(report, "report");
  }

  public static ReportAnswer from(GetReportResponse r) {
    return new ReportAnswer(
        RunRow.from(r.getRun()),
        r.hasReport() ? Optional.of(WireMapper.fromProto(r.getReport())) : Optional.empty());
  }
}
