package io.autoservice.controller.store;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs, events and agents in memory, for the run domain's unit tests: what survives a simulated
 * controller crash is exactly what was written, as with the real store. Events are kept as domain
 * objects (their bytes are the gateway's business).
 */
public final class InMemoryStore implements RunStore, EventStore, AgentStore, StoreWriter.Target {
  private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();
  private final Map<String, String> exportDirs = new ConcurrentHashMap<>();
  private final Map<String, Map.Entry<String, Instant>> exportClaims = new ConcurrentHashMap<>();
  private final Map<String, TreeMap<Long, StoredEvent>> events = new ConcurrentHashMap<>();
  private final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();

  /** Decodes event bytes the way the real store does; tests give it the domain events they sent. */
  private final Map<String, io.autoservice.common.event.RunEvent> sent = new HashMap<>();

  /** Makes the domain event behind a row readable back (the real store decodes the bytes). */
  public synchronized void remember(io.autoservice.common.event.RunEvent e) {
    sent.put(e.runId() + "#" + e.sequence(), e);
  }

  @Override
  public synchronized void write(WriteBatch b) {
    b.inserts().forEach(r -> runs.put(r.runId(), r));
    b.updates().forEach(r -> runs.computeIfPresent(r.runId(), (k, old) -> r));
    append(b.events());
    b.agents().forEach(a -> agents.put(a.agentId(), a));
    b.touches().forEach((id, t) -> agents.computeIfPresent(id, (k, a) -> a.seenAt(t)));
  }

  @Override
  public long maxQueueSeq() {
    return runs.values().stream().mapToLong(RunRecord::queueSeq).max().orElse(0);
  }

  @Override
  public void insertAll(List<RunRecord> list) {
    list.forEach(r -> runs.put(r.runId(), r));
  }

  @Override
  public void insert(RunRecord run, String localRunId) {
    runs.put(run.runId(), run);
  }

  @Override
  public void update(RunRecord run) {
    runs.computeIfPresent(run.runId(), (k, old) -> run);
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public Optional<RunRecord> localRun(String agentId, String localRunId) {
    return Optional.empty();
  }

  @Override
  public List<RunRecord> unfinished() {
    return runs.values().stream()
        .filter(r -> r.state() != RunState.FINISHED)
        .sorted(Comparator.comparingLong(RunRecord::queueSeq))
        .toList();
  }

  @Override
  public List<RunRecord> runs(RunFilter f) {
    return runs.values().stream()
        .filter(r -> f.agentId() == null || r.agentId().equals(f.agentId()))
        .filter(r -> f.state() == null || r.state() == f.state())
        .filter(r -> f.status() == null || r.status() == f.status())
        .sorted(Comparator.comparingLong(RunRecord::queueSeq).reversed())
        .limit(f.effectiveLimit())
        .toList();
  }

  @Override
  public Optional<String> exportDir(String runId) {
    return Optional.ofNullable(exportDirs.get(runId));
  }

  @Override
  public void setExportDir(String runId, String dir) {
    exportDirs.put(runId, dir);
  }

  @Override
  public List<String> finishedWithoutExport(Instant since, Instant before, int limit) {
    return runs.values().stream()
        .filter(r -> r.state() == RunState.FINISHED && !exportDirs.containsKey(r.runId()))
        .filter(r -> !r.finishedAt().isBefore(since) && r.finishedAt().isBefore(before))
        .map(RunRecord::runId)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean claimExport(
      String runId, String exporter, Instant now, Instant staleBefore) {
    RunRecord r = runs.get(runId);
    if (r == null || r.state() != RunState.FINISHED || exportDirs.containsKey(runId)) {
      return false;
    }
    Map.Entry<String, Instant> held = exportClaims.get(runId);
    if (held != null && !held.getKey().equals(exporter) && !held.getValue().isBefore(staleBefore)) {
      return false;
    }
    exportClaims.put(runId, Map.entry(exporter, now));
    return true;
  }

  @Override
  public synchronized void append(List<EventRow> rows) {
    for (EventRow row : rows) {
      var e = sent.get(row.runId() + "#" + row.seq());
      events
          .computeIfAbsent(row.runId(), k -> new TreeMap<>())
          .putIfAbsent(
              row.seq(),
              new StoredEvent(
                  row.runId(),
                  row.seq(),
                  row.time(),
                  e,
                  e == null ? "stored event unreadable" : null));
    }
  }

  @Override
  public synchronized long maxSeq(String runId) {
    TreeMap<Long, StoredEvent> m = events.get(runId);
    return m == null || m.isEmpty() ? 0 : m.lastKey();
  }

  @Override
  public synchronized List<StoredEvent> events(String runId, long afterSeq, int limit) {
    TreeMap<Long, StoredEvent> m = events.getOrDefault(runId, new TreeMap<>());
    return new ArrayList<>(m.tailMap(afterSeq, false).values()).stream().limit(limit).toList();
  }

  @Override
  public void upsert(AgentRecord agent) {
    agents.put(agent.agentId(), agent);
  }

  @Override
  public void touch(Map<String, Instant> lastSeen) {
    lastSeen.forEach((id, t) -> agents.computeIfPresent(id, (k, a) -> a.seenAt(t)));
  }

  @Override
  public List<AgentRecord> all() {
    return new ArrayList<>(agents.values());
  }

  @Override
  public int pruneEvents(Instant cutoff, int maxRuns) {
    throw new UnsupportedOperationException("retention is tested on the real store");
  }

  @Override
  public int deleteRuns(Instant cutoff, int maxRuns) {
    throw new UnsupportedOperationException("retention is tested on the real store");
  }

  @Override
  public List<ExportedFolder> exportedBefore(Instant cutoff, int limit) {
    return List.of();
  }

  @Override
  public void folderPruned(String runId) {
    exportDirs.put(runId, "");
  }
}
