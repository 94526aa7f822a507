package io.autoservice.console.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.console.view.AgentRow;
import io.autoservice.console.view.FleetItem;
import io.autoservice.console.view.RunRow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderingTest {
  @Test
  void shouldWriteRelativeTimesAndBars() {
    Clock clock = Clock.fixed(Instant.parse("2024-05-02T12:00:00Z"), ZoneOffset.UTC);
    assertThat(Times.ago(Instant.parse("2024-05-02T11:59:55Z"), clock)).isEqualTo("5s ago");
    assertThat(Times.ago(Instant.parse("2024-05-02T11:57:00Z"), clock)).isEqualTo("3m ago");
    assertThat(Times.ago(Instant.parse("2024-05-02T10:00:00Z"), clock)).isEqualTo("2h ago");
    assertThat(Times.ago(Instant.parse("2024-04-28T12:00:00Z"), clock)).isEqualTo("4d ago");
    assertThat(Times.ago(null, clock)).isEqualTo("never");
    assertThat(FleetView.bar(3, 6)).isEqualTo("[#####.....]");
    assertThat(FleetView.bar(0, 0)).isEqualTo("[..........]");
    assertThat(FleetView.bar(6, 6)).isEqualTo("[##########]");
  }

  @Test
  void shouldDrawOneLinePerAgent() {
    FleetView view =
        new FleetView(Clock.fixed(Instant.parse("2024-05-02T12:00:00Z"), ZoneOffset.UTC));
    view.apply(
        new FleetItem.AgentChanged(agent("a1", "PC-1", AgentRow.State.BUSY, "run-1234567890", 1)));
    view.apply(new FleetItem.AgentChanged(agent("a2", "PC-22", AgentRow.State.OFFLINE, null, 0)));
    view.apply(
        new FleetItem.RunChanged(
            new RunRow(
                "run-1234567890",
                "a1",
                "PC-1",
                RunRow.State.RUNNING,
                null,
                Instant.EPOCH,
                null,
                6,
                3,
                "console",
                "dispatched")));

    assertThat(view.screen("127.0.0.1:7443"))
        .containsExactly(
            "Fleet at 127.0.0.1:7443: 2 agents, 0 idle, 1 busy, 1 offline   (Ctrl-C to quit)",
            "",
            "PC-1  busy    [#####.....] 3/6 run-1234 running +1 queued",
            "PC-22 offline last seen 1m ago");
  }

  @Test
  void shouldNameEachTasksVerdictInTheTextReport() {
    ObjectNode disk = Json.object();
    disk.putObject("human_readable").putArray("summary").add("C:: 80% used").add("D:: 10% used");
    ObjectNode empty = Json.object();
    empty.putObject("human_readable").put("note", "nothing to say");

    assertThat(
            ReportText.verdict(
                new TaskResult("disk_space_report", null, TaskStatus.SUCCESS, disk, 0, null)))
        .isEqualTo("C:: 80% used; D:: 10% used");
    assertThat(ReportText.verdict(new TaskResult("x", null, TaskStatus.WARNING, empty, 0, null)))
        .isEqualTo("note: nothing to say");
    assertThat(
            ReportText.verdict(
                TaskResult.ofReason("ping_test", null, TaskStatus.ERROR, "host\nunreachable", 1)))
        .isEqualTo("host unreachable");
  }

  static AgentRow agent(String id, String host, AgentRow.State state, String run, int queued) {
    return new AgentRow(
        id,
        host,
        state,
        "Linux",
        "6.1",
        "0.1.0",
        Map.of(),
        List.of(),
        Instant.parse("2024-05-02T11:59:00Z"),
        run,
        queued);
  }
}
