package io.autoservice.console.run;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.ConsoleException;
import io.autoservice.console.client.WatchStream;
import io.autoservice.console.view.ReportAnswer;
import io.autoservice.console.view.RunRow;
import io.autoservice.console.view.RunWatchItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Follows runs to their end over {@code WatchRuns} and hands each event to a listener exactly once
 * and in order per run.
 *
 * <p>The controller's stream ends when every watched run finished, and is the only reliable end:
 * while it catches up from its store, a run's {@code finished} state can arrive before the run's
 * last stored events. So a run's finished state is passed on right after its {@code RunFinished}
 * event, or, for a run that ended on the controller without one (cancelled in the queue, expired,
 * refused), when the stream ends; the report of such a run comes from {@code GetReport}.
 *
 * <p>Events are passed on in sequence order without gaps: an event that arrives ahead of a lower
 * one waits for it (the controller can deliver a live event before the stored ones when an agent
 * sends it just as the watch opens), and one already seen is dropped.
 *
 * <p>A watch lost to the network (UNAVAILABLE after the first message) is reopened after 1, 2, 4,
 * 8, 15 and 30 s, asking for events after the lowest sequence seen; events already seen are dropped
 * by sequence. With several controller replicas the reopened watch goes to the next one (any
 * replica serves every run's events). A watch that cannot be opened at all fails at once, once
 * every replica was tried.
 */
public final class RunWatcher {
  /** Out-of-order events held per run before giving up on the gap. */
  private static final int MAX_AHEAD = 10_000;

  private static final List<Duration> RETRIES =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(4),
          Duration.ofSeconds(8),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30));

  /** Receives a watch's items; called on the watching thread. */
  public interface Listener {
    /** The run's state changed on the controller. */
    default void onState(RunRow run) {}

    /** An event, in sequence order per run, never twice; {@code run} is the latest known state. */
    default void onEvent(RunEvent event, RunRow run) {}

    /** The controller dropped events for a slow watcher and replays them. */
    default void onResync(String runId, long lastDelivered) {}

    /** The watch was lost and is reopened after {@code wait}. */
    default void onReconnect(String why, Duration wait) {}
  }

  /**
   * How a run ended.
   *
   * @param run its final state
   * @param report its final report (the agent's, or the controller's for a run that ended there);
   *     {@code null} only if the controller had none to give
   * @param fromAgent whether the report arrived as the run's {@code RunFinished} event
   */
  public record Outcome(RunRow run, RunReport report, boolean fromAgent) {}

  private final ConsoleClient client;
  private final Set<String> runIds;
  private final Map<String, RunRow> rows = new LinkedHashMap<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  private final Map<String, RunReport> reports = new HashMap<>();
  private final Map<String, RunRow> pendingFinish = new LinkedHashMap<>();

  /** Per run, events that arrived before a lower sequence (see the class comment). */
  private final Map<String, TreeMap<Long, RunEvent>> ahead = new HashMap<>();

  private volatile WatchStream<RunWatchItem> stream;
  private volatile boolean stopped;

  public RunWatcher(ConsoleClient client, List<String> runIds) {
    this.client = requireNonNull(client, "client");
    this.runIds = new LinkedHashSet<>(runIds);
  }

  /**
   * Blocks until every run finished; a stopped watch throws a CANCELLED {@link ConsoleException}.
   */
  public Map<String, Outcome> watch(Listener listener) throws InterruptedException {
    boolean received = false;
    int attempt = 0;
    int unopened = 0;
    while (true) {
      List<String> open = runIds.stream().filter(id -> !reports.containsKey(id)).toList();
      if (open.isEmpty()) {
        break;
      }
      long after = open.stream().mapToLong(id -> lastSeq.getOrDefault(id, 0L)).min().orElse(0);
      try (WatchStream<RunWatchItem> s = client.watchRuns(open, after)) {
        stream = s;
        if (stopped) {
          s.close();
        }
        while (s.hasNext()) {
          handle(s.next(), listener);
          received = true;
          attempt = 0;
        }
        break;
      } catch (ConsoleException e) {
        boolean unreachable = !stopped && e.kind() == ConsoleException.Kind.UNREACHABLE;
        if (unreachable && !received && ++unopened < client.replicaCount()) {
          continue; // the client moved on to the next replica: try it now
        }
        if (!unreachable || !received || attempt >= RETRIES.size()) {
          throw e;
        }
        Duration wait = RETRIES.get(attempt++);
        listener.onReconnect(e.getMessage(), wait);
        Thread.sleep(wait.toMillis());
      }
    }
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (String id : runIds) {
      flushAhead(id, listener);
      boolean fromAgent = reports.containsKey(id);
      if (!fromAgent) {
        ReportAnswer a = client.report(id);
        rows.put(id, a.run());
        a.report().ifPresent(r -> reports.put(id, r));
      }
      RunRow pending = pendingFinish.remove(id);
      if (pending != null || !fromAgent) {
        listener.onState(rows.get(id));
      }
      out.put(id, new Outcome(rows.get(id), reports.get(id), fromAgent));
    }
    return out;
  }

  /** Stops the watch from any thread; {@link #watch} then throws a CANCELLED exception. */
  void stop() {
    stopped = true;
    WatchStream<RunWatchItem> s = stream;
    if (s != null) {
      s.close();
    }
  }

  private void handle(RunWatchItem item, Listener listener) {
    if (item instanceof RunWatchItem.StateChanged s) {
      RunRow run = s.run();
      rows.put(run.runId(), run);
      if (run.finished() && !reports.containsKey(run.runId())) {
        pendingFinish.put(run.runId(), run);
      } else {
        listener.onState(run);
      }
    } else if (item instanceof RunWatchItem.Resync r) {
      listener.onResync(r.runId(), r.lastDeliveredSequence());
    } else if (item instanceof RunWatchItem.Event ev) {
      RunEvent e = ev.event();
      long last = lastSeq.getOrDefault(e.runId(), 0L);
      if (e.sequence() <= last) {
        return; // seen already (a replay after a reconnect)
      }
      TreeMap<Long, RunEvent> early = ahead.computeIfAbsent(e.runId(), k -> new TreeMap<>());
      early.put(e.sequence(), e);
      // Events leave in sequence order; one that overtook a missing one waits for it.
      while (!early.isEmpty() && early.firstKey() == lastSeq.getOrDefault(e.runId(), 0L) + 1) {
        deliver(early.pollFirstEntry().getValue(), listener);
      }
      if (early.size() > MAX_AHEAD) {
        flushAhead(e.runId(), listener);
      }
    }
  }

  /** Delivers events still waiting for a missing one; the gap will not be filled any more. */
  private void flushAhead(String runId, Listener listener) {
    TreeMap<Long, RunEvent> early = ahead.remove(runId);
    if (early != null) {
      early.values().forEach(e -> deliver(e, listener));
    }
  }

  private void deliver(RunEvent e, Listener listener) {
    lastSeq.put(e.runId(), e.sequence());
    listener.onEvent(e, rows.get(e.runId()));
    if (e.payload() instanceof EventPayload.RunFinished f) {
      reports.put(e.runId(), f.report());
      RunRow pending = pendingFinish.remove(e.runId());
      if (pending != null) {
        listener.onState(pending);
      }
    }
  }

  /** Runs whose outcome is not ok or completed_with_errors. */
  public static List<String> failed(Map<String, Outcome> outcomes) {
    List<String> bad = new ArrayList<>();
    outcomes.forEach(
        (id, o) -> {
          RunStatus status = o.report() != null ? o.report().status() : o.run().status();
          if (status == null
              || (status != RunStatus.OK && status != RunStatus.COMPLETED_WITH_ERRORS)) {
            bad.add(id);
          }
        });
    return bad;
  }
}
