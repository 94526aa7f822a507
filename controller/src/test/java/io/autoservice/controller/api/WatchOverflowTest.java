package io.autoservice.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.StoredEvent;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.InMemoryStore;
import io.autoservice.proto.v1.WatchEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A console that falls behind on one busy run of the many it watches: only that run goes back to
 * the store and gets a Resync; the quiet runs stay live.
 */
class WatchOverflowTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  /** A console's stream whose readiness the test decides. */
  private static final class Console extends ServerCallStreamObserver<WatchEvent> {
    final List<WatchEvent> received = new ArrayList<>();
    boolean ready = true;
    Runnable onReady = () -> {};

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable r) {
      onReady = r;
    }

    @Override
    public void setOnCancelHandler(Runnable r) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(WatchEvent value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable t) {
      throw new AssertionError("the watch failed", t);
    }

    @Override
    public void onCompleted() {}
  }

  /** No stored events; remembers which runs were read back. */
  private static final class CountingEvents implements EventStore {
    final List<String> reads = new ArrayList<>();

    @Override
    public void append(List<EventRow> rows) {}

    @Override
    public long maxSeq(String runId) {
      return 0;
    }

    @Override
    public List<StoredEvent> events(String runId, long afterSeq, int limit) {
      reads.add(runId);
      return List.of();
    }
  }

  private static RunRecord running(String runId) throws Exception {
    return new RunRecord(
        runId,
        "agent-" + runId,
        "PC-" + runId,
        1,
        RunState.RUNNING,
        null,
        PlanParser.parse("[{\"type\":\"hello_service\"}]"),
        1,
        "anna",
        T0,
        T0.plusSeconds(3600),
        null,
        0,
        null,
        null,
        null);
  }

  private static RunEvent line(String runId, long seq) {
    return new RunEvent(
        runId,
        seq,
        T0.plusMillis(seq),
        new EventPayload.TaskOutput(0, EventPayload.OutputSource.STDOUT, "line " + seq));
  }

  @Test
  void shouldSendOnlyTheRunThatOverflowedBackToTheStore() throws Exception {
    InMemoryStore runs = new InMemoryStore();
    RunRecord busy = running("busy");
    RunRecord quiet = running("quiet");
    runs.insert(busy, null);
    runs.insert(quiet, null);
    CountingEvents events = new CountingEvents();
    WatchHub hub = new WatchHub();
    Console console = new Console();
    RunWatchStream watch =
        new RunWatchStream(console, runs, events, Runnable::run, Set.of("busy", "quiet"));
    watch.start(hub, 0, Map.of("busy", busy, "quiet", quiet));
    assertThat(events.reads).as("both runs caught up from the store once").hasSize(2);
    events.reads.clear();

    console.ready = false; // the console stops reading
    for (long seq = 1; seq <= RunWatchStream.CAPACITY + 1; seq++) {
      hub.publishEvent(line("busy", seq));
    }
    hub.publishEvent(line("quiet", 1));
    console.ready = true;
    console.onReady.run();

    List<String> resyncs =
        console.received.stream()
            .filter(WatchEvent::hasResync)
            .map(e -> e.getResync().getRunId())
            .toList();
    assertThat(resyncs).containsExactly("busy");
    assertThat(events.reads).as("only the run that fell behind is read again").containsOnly("busy");
    assertThat(
            console.received.stream()
                .filter(WatchEvent::hasRunEvent)
                .map(e -> e.getRunEvent().getRunId() + ":" + e.getRunEvent().getSequence()))
        .as("the quiet run's event arrives live, after the resync")
        .containsExactly("quiet:1");
  }
}
