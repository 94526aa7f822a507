package io.autoservice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One replica's result against two replicas': the same figure under either's row names. */
class ComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void setsTwoReplicasFiguresAgainstOnesWithTheirChange() throws Exception {
    JsonNode one =
        json(
            "{'results':{'idle':{'controller_rss_mb':400,'controller_threads_threads':40},"
                + "'dispatch_to_all':{'durable_events_acked_s_events_s':6000.0,"
                + "'controller_cpu_per_event_acked_us':100.0}}}");
    JsonNode two =
        json(
            "{'results':{'idle':{'replica_1_rss_mb':300,'replica_2_rss_mb':200,"
                + "'controllers_rss_all_replicas_mb':500},"
                + "'dispatch_to_all':{'durable_events_acked_s_events_s':4500.0,"
                + "'controller_cpu_per_event_acked_all_2_replicas_us':150.0,"
                + "'postgresql_cpu_per_event_acked_postmaster_backends_us':40.0}}}");

    List<String> lines = Comparison.table(List.of("one", "two"), List.of(one, two));

    assertThat(lines.get(0)).contains("one", "two");
    assertThat(line(lines, "idle: controller RSS")).contains("400.0", "500.0 (+25%)");
    assertThat(line(lines, "dispatch: durable events/s")).contains("6,000.0", "4,500.0 (-25%)");
    assertThat(line(lines, "dispatch: controller CPU/event")).contains("100.0", "150.0 (+50%)");
    assertThat(line(lines, "dispatch: PostgreSQL CPU/event")).contains("-", "40.0");
    assertThat(lines).noneMatch(l -> l.startsWith("paced:"));
  }

  private static String line(List<String> lines, String label) {
    return lines.stream().filter(l -> l.startsWith(label)).findFirst().orElseThrow();
  }
}
