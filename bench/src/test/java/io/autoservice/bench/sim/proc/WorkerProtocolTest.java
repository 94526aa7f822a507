package io.autoservice.bench.sim.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.bench.sim.FleetSnapshot;
import io.autoservice.bench.sim.proc.WorkerProtocol.Command;
import io.autoservice.bench.sim.proc.WorkerProtocol.Ready;
import io.autoservice.bench.sim.proc.WorkerProtocol.Report;
import io.autoservice.bench.sim.proc.WorkerProtocol.Verb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {
  @Test
  void everyCommandSurvivesTheLineItIsSentAs() {
    for (Verb v : Verb.values()) {
      String line = WorkerProtocol.encode(new Command(v, 42));
      assertThat(line).doesNotContain("\n");
      assertThat(WorkerProtocol.decodeCommand(line)).isEqualTo(new Command(v, 42));
    }
    assertThat(WorkerProtocol.encode(new Command(Verb.CLOSE_GATE, 7)))
        .isEqualTo("{\"cmd\":\"close_gate\",\"seq\":7}");
  }

  @Test
  void aReportCarriesEveryCounterAndReason() {
    FleetSnapshot c =
        new FleetSnapshot(
            7_500,
            7_499,
            7_400,
            170_000,
            12,
            169_990,
            7_300,
            3,
            2,
            1,
            Map.of("UNAVAILABLE io exception", 4L),
            List.of("sim-000009: PERMISSION_DENIED revoked"));
    String line = WorkerProtocol.encode(new Report(9, c));
    assertThat(line).doesNotContain("\n");
    assertThat(WorkerProtocol.decodeMessage(line)).isEqualTo(new Report(9, c));
    assertThat(WorkerProtocol.decodeMessage(WorkerProtocol.encode(new Ready(7_500))))
        .isEqualTo(new Ready(7_500));
  }

  @Test
  void strayOrBrokenLinesAreRefusedNotMisread() {
    assertThatThrownBy(() -> WorkerProtocol.decodeMessage("SLF4J: No providers were found."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> WorkerProtocol.decodeMessage("{\"type\":\"report\",\"ack\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counters");
    assertThatThrownBy(() -> WorkerProtocol.decodeMessage("{\"type\":\"hello\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown message type hello");
    assertThatThrownBy(() -> WorkerProtocol.decodeCommand("{\"cmd\":\"explode\",\"seq\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
