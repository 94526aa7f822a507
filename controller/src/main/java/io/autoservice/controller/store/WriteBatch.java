package io.autoservice.controller.store;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group commit writes, gathered in memory from many callers' changes. Later changes to the
 * same run or agent replace earlier ones (only the last state of a row needs writing); new runs are
 * written before updates, so a run inserted and changed in one batch comes out right.
 */
public final class WriteBatch {
  final List<RunRecord> inserts = new ArrayList<>();
  final Map<String, RunRecord> updates = new LinkedHashMap<>();
  final List<EventRow> events = new ArrayList<>();
  final Map<String, AgentRecord> agents = new LinkedHashMap<>();
  final Map<String, Instant> touches = new LinkedHashMap<>();
  final Map<String, String> exportDirs = new LinkedHashMap<>();
  final Map<String, byte[]> taskSchemas = new LinkedHashMap<>();

  public WriteBatch insertRun(RunRecord r) {
    inserts.add(r);
    return this;
  }

  public WriteBatch updateRun(RunRecord r) {
    updates.put(r.runId(), r);
    return this;
  }

  public WriteBatch appendEvent(EventRow e) {
    events.add(e);
    return this;
  }

  public WriteBatch upsertAgent(AgentRecord a) {
    agents.put(a.agentId(), a);
    return this;
  }

  /** Records the folder (under reports/) a run was exported to. */
  public WriteBatch exportDir(String runId, String dir) {
    exportDirs.put(runId, dir);
    return this;
  }

  /** An agent's task schemas as reported in its Hello ({@code TaskSchemas} bytes). */
  public WriteBatch taskSchemas(String agentId, byte[] schemas) {
    taskSchemas.put(agentId, schemas);
    return this;
  }

  public WriteBatch touchAgents(Map<String, Instant> lastSeen) {
    touches.putAll(lastSeen);
    return this;
  }

  public List<RunRecord> inserts() {
    return inserts;
  }

  public java.util.Collection<RunRecord> updates() {
    return updates.values();
  }

  public List<EventRow> events() {
    return events;
  }

  public java.util.Collection<AgentRecord> agents() {
    return agents.values();
  }

  public Map<String, Instant> touches() {
    return touches;
  }

  boolean isEmpty() {
    return inserts.isEmpty()
        && updates.isEmpty()
        && events.isEmpty()
        && agents.isEmpty()
        && touches.isEmpty()
        && exportDirs.isEmpty()
        && taskSchemas.isEmpty();
  }

  int size() {
    return inserts.size()
        + updates.size()
        + events.size()
        + agents.size()
        + touches.size()
        + exportDirs.size()
        + taskSchemas.size();
  }
}
