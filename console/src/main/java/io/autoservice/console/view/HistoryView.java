package io.autoservice.console.view;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.GetAgentHistoryRequest;
import io.autoservice.proto.v1.GetAgentHistoryResponse;
import io.autoservice.proto.v1.HistorySample;
import io.autoservice.proto.v1.HistorySeries;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * One PC's history as the console shows it (the wire's {@code GetAgentHistoryResponse}).
 *
 * @param truncated the controller's cap on points left the oldest out
 */
public record HistoryView(String agentId, String hostname, boolean truncated, List<Series> series) {

  /** One figure of one subject over time, oldest first. */
  public record Series(String metric, String subject, List<Sample> samples) {
    /** The newest sample. */
    public Sample latest() {
      return samples.get(samples.size() - 1);
    }

    /** The sample before the newest; null with one sample. */
    public Sample previous() {
      return samples.size() < 2 ? null : samples.get(samples.size() - 2);
    }
  }

  /** A figure read from one run ({@code text}: a verdict's wording, or null). */
  public record Sample(Instant time, double value, String runId, String text) {}

  /** What to ask for: metrics (none: all) since a time (null: the controller's 90 days). */
  public static GetAgentHistoryRequest request(
      String agent, Collection<String> metrics, Instant since) {
    GetAgentHistoryRequest.Builder b =
        GetAgentHistoryRequest.newBuilder().setAgent(agent).addAllMetrics(metrics);
    if (since != null) {
      b.setSince(WireMapper.toProto(since));
    }
    return b.build();
  }

  public static HistoryView from(GetAgentHistoryResponse r) {
    return new HistoryView(
        r.getAgentId(),
        r.getHostname(),
        r.getTruncated(),
        r.getSeriesList().stream()
            .filter(s -> s.getSamplesCount() > 0)
            .map(HistoryView::series)
            .toList());
  }

  private static Series series(HistorySeries s) {
    return new Series(
        s.getMetric(),
        s.getSubject(),
        s.getSamplesList().stream().map(HistoryView::sample).toList());
  }

  private static Sample sample(HistorySample p) {
    return new Sample(
        p.hasTime() ? WireMapper.fromProto(p.getTime()) : null,
        p.getValue(),
        p.getRunId(),
        p.getText().isEmpty() ? null : p.getText());
  }
}
