package io.autoservice.console.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.autoservice.common.result.RunStatus;
import io.autoservice.proto.v1.AgentInfo;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.AuditEntry;
import io.autoservice.proto.v1.FleetEvent;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunSummary;
import io.autoservice.proto.v1.WatchEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the view records make of the controller's messages, old and broken ones included. */
class WireMappingTest {
  @Test
  void shouldReadARunFromAControllerThatPredatesLocalRunsAndStatuses() {
    RunRow r =
        RunRow.from(
            RunSummary.newBuilder()
                .setRunId("r1")
                .setAgentId("a1")
                .setState(RunState.RUN_STATE_RUNNING)
                .setDispatchedAt(Timestamp.newBuilder().setSeconds(1_714_651_200))
                .build());

    assertThat(r.origin()).isEqualTo("dispatched");
    assertThat(r.status()).isNull();
    assertThat(r.finishedAt()).isNull();
    assertThat(r.dispatchedAt()).isEqualTo(Instant.parse("2024-05-02T12:00:00Z"));
    assertThat(r.state()).isEqualTo(RunRow.State.RUNNING);
  }

  @Test
  void shouldShowAStateItDoesNotKnowAsUnknown() {
    AgentRow a =
        AgentRow.from(
            AgentInfo.newBuilder()
                .setAgentId("a1")
                .setState(AgentState.AGENT_STATE_UNSPECIFIED)
                .build());

    assertThat(a.state()).isEqualTo(AgentRow.State.UNKNOWN);
    assertThat(a.lastSeen()).isNull();
    assertThat(a.currentRunId()).isNull();
  }

  @Test
  void shouldLeaveAnAuditEntryWithoutAPlanWithoutAHash() {
    AuditRow e =
        AuditRow.from(AuditEntry.newBuilder().setId(7).setActor("ana").setAction("cancel").build());

    assertThat(e.planSha256()).isNull();
    assertThat(e.at()).isNull();
  }

  @Test
  void shouldSendOnlyTheFiltersGivenAndNoNegativeLimit() {
    ListRunsRequest all = RunRow.Query.all().toProto();
    ListRunsRequest some =
        new RunRow.Query("a1", RunRow.State.FINISHED, RunStatus.ERROR, null, -5).toProto();

    assertThat(all.getState()).isEqualTo(RunState.RUN_STATE_UNSPECIFIED);
    assertThat(all.getAgentId()).isEmpty();
    assertThat(some.getLimit()).isZero();
    assertThat(some.getAgentId()).isEqualTo("a1");
    assertThat(some.getState()).isEqualTo(RunState.RUN_STATE_FINISHED);
    assertThat(some.hasSince()).isFalse();
  }

  @Test
  void shouldRefuseAWatchOrFleetEventWithoutAKind() {
    assertThatThrownBy(() -> RunWatchItem.from(WatchEvent.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected run_event, run_state or resync");
    assertThatThrownBy(() -> FleetItem.from(FleetEvent.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected agent or run");
  }
}
