package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConsoleUnitsTest {
  @Test
  void shouldReadDurationsTechniciansWrite() {
    assertThat(Converters.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Converters.duration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Converters.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Converters.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Converters.duration("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(Converters.duration("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Converters.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> Converters.duration("0s"))
        .hasMessageContaining("expected: a positive duration");
    assertThatThrownBy(() -> Converters.duration("soon")).hasMessageContaining("is not a duration");
  }

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

  @Test
  void shouldGiveUnaryCallsADefaultDeadlineButKeepAShorterOneAndLeaveWatchesAlone() {
    AtomicReference<CallOptions> seen = new AtomicReference<>();
    Channel capture =
        new Channel() {
          @Override
          public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> m, CallOptions o) {
            seen.set(o);
            return null;
          }

          @Override
          public String authority() {
            return "test";
          }
        };
    DeadlineInterceptor interceptor = new DeadlineInterceptor(Duration.ofSeconds(10));

    interceptor.interceptCall(
        ConsoleServiceGrpc.getListAgentsMethod(), CallOptions.DEFAULT, capture);
    assertThat(seen.get().getDeadline().timeRemaining(TimeUnit.MILLISECONDS))
        .isBetween(9_000L, 10_000L);

    Deadline shorter = Deadline.after(2, TimeUnit.SECONDS);
    interceptor.interceptCall(
        ConsoleServiceGrpc.getCancelRunMethod(),
        CallOptions.DEFAULT.withDeadline(shorter),
        capture);
    assertThat(seen.get().getDeadline()).isSameAs(shorter);

    Deadline longer = Deadline.after(1, TimeUnit.HOURS);
    interceptor.interceptCall(
        ConsoleServiceGrpc.getDispatchMethod(), CallOptions.DEFAULT.withDeadline(longer), capture);
    assertThat(seen.get().getDeadline().timeRemaining(TimeUnit.SECONDS)).isLessThanOrEqualTo(10);

    interceptor.interceptCall(
        ConsoleServiceGrpc.getWatchRunsMethod(), CallOptions.DEFAULT, capture);
    assertThat(seen.get().getDeadline()).isNull();
    interceptor.interceptCall(
        ConsoleServiceGrpc.getWatchFleetMethod(), CallOptions.DEFAULT, capture);
    assertThat(seen.get().getDeadline()).isNull();
  }
}
