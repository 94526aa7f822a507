package io.autoservice.controller.cluster;

import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.StoredEvent;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.RunStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings to this replica's watchers the events of runs another replica ingests: for every watched
 * run this replica does not drive, it reads from the store what was committed since its last look
 * (one query for all of them, then the new events of those that moved) and publishes it to the
 * {@link WatchHub} in order, then the run's changed state. A watch stream fills any gap from the
 * store itself, so a look that starts late or a run that moves between replicas loses nothing. A
 * watched run's first look publishes only its newest event, for that reason.
 */
final class RemoteRunFeed {
  private static final Logger log = LoggerFactory.getLogger(RemoteRunFeed.class);
  private static final int CHUNK = 512;

  private final WatchHub hub;
  private final RunStore runs;
  private final EventStore events;
  private final Predicate<String> drivenHere;

  /** Per tailed run: the last sequence published and the state last published. */
  private final Map<String, Long> published = new HashMap<>();

  private final Map<String, RunRecord> lastState = new HashMap<>();

  RemoteRunFeed(WatchHub hub, RunStore runs, EventStore events, Predicate<String> drivenHere) {
    this.hub = hub;
    this.runs = runs;
    this.events = events;
    this.drivenHere = drivenHere;
  }

  /** One look; called from one thread. */
  void tick() {
    Set<String> watched = hub.watchedRuns();
    published.keySet().retainAll(watched);
    lastState.keySet().retainAll(watched);
    List<String> tailed = new ArrayList<>();
    for (String id : watched) {
      if (!drivenHere.test(id)) {
        tailed.add(id);
      }
    }
    if (tailed.isEmpty()) {
      return;
    }
    try {
      // The rows first: a run's end is committed with its last event, so events read after its
      // row include every event up to that state.
      Map<String, RunRecord> rows = new HashMap<>();
      for (RunRecord r : runs.listed(tailed)) {
        rows.put(r.runId(), r);
      }
      Map<String, Long> max = events.maxSeqs(tailed);
      for (String id : tailed) {
        long last = published.getOrDefault(id, -1L);
        long now = max.getOrDefault(id, 0L);
        if (last < 0) {
          // First look: only the newest event. A watch stream that has not seen the ones before
          // it finds the gap and reads them from the store; one that has, takes it as the next.
          if (now > 0) {
            publishEvents(id, now - 1, now);
          } else {
            published.put(id, 0L);
          }
        } else if (now > last) {
          publishEvents(id, last, now);
        }
        RunRecord row = rows.get(id);
        if (row != null && changed(lastState.get(id), row)) {
          lastState.put(id, row);
          hub.publishRun(row);
        }
      }
    } catch (RuntimeException e) {
      log.debug("remote runs cannot be read now: {}", e.toString());
    }
  }

  private void publishEvents(String id, long after, long upTo) {
    long last = after;
    while (last < upTo) {
      List<StoredEvent> rows = events.events(id, last, CHUNK);
      if (rows.isEmpty()) {
        break;
      }
      for (StoredEvent row : rows) {
        if (row.readable()) {
          hub.publishEvent(row.event());
        }
        last = row.seq();
      }
    }
    published.put(id, last);
  }

  private static boolean changed(RunRecord before, RunRecord now) {
    return before == null
        || before.state() != now.state()
        || before.completedTasks() != now.completedTasks()
        || before.lastSeq() != now.lastSeq()
        || (now.state() == RunState.FINISHED && before.status() != now.status());
  }
}
