package io.autoservice.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autoservice.common.json.Json;
import io.autoservice.controller.model.AgentRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Agents over JDBC; labels and task types as JSON. */
final class JdbcAgentStore implements AgentStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcAgentStore.class);
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
  private static final TypeReference<List<String>> TYPES = new TypeReference<>() {};
  static final String UPSERT =
      "INSERT INTO agents (agent_id, hostname, os_name, os_version, agent_version, username, labels_json, task_types,"
          + " first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (agent_id) DO UPDATE SET"
          + " hostname=excluded.hostname, os_name=excluded.os_name, os_version=excluded.os_version,"
          + " agent_version=excluded.agent_version, username=excluded.username, labels_json=excluded.labels_json,"
          + " task_types=excluded.task_types, first_seen=excluded.first_seen, last_seen=excluded.last_seen";
  static final String TOUCH = "UPDATE agents SET last_seen = ? WHERE agent_id = ?";

  private final Jdbc jdbc;

  JdbcAgentStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void upsert(AgentRecord a) {
    jdbc.update(UPSERT, upsertArgs(a));
  }

  static Object[] upsertArgs(AgentRecord a) {
    try {
      return new Object[] {
        a.agentId(),
        a.hostname(),
        a.osName(),
        a.osVersion(),
        a.agentVersion(),
        a.username(),
        Json.mapper().writeValueAsString(a.labels()),
        Json.mapper().writeValueAsString(a.taskTypes()),
        a.firstSeen(),
        a.lastSeen()
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels and task types are plain strings", e);
    }
  }

  @Override
  public void touch(Map<String, Instant> lastSeen) {
    jdbc.inTransaction(
        tx -> {
          tx.batch(TOUCH, touchArgs(lastSeen));
          return null;
        });
  }

  static List<Object[]> touchArgs(Map<String, Instant> lastSeen) {
    return lastSeen.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey()}).toList();
  }

  @Override
  public List<AgentRecord> all() {
    List<AgentRecord> rows =
        jdbc.query("SELECT * FROM agents ORDER BY hostname, agent_id", JdbcAgentStore::rowOrNull);
    return rows.stream().filter(Objects::nonNull).toList();
  }

  @Override
  public Optional<AgentRecord> find(String agentId) {
    return jdbc
        .query("SELECT * FROM agents WHERE agent_id = ?", JdbcAgentStore::rowOrNull, agentId)
        .stream()
        .filter(Objects::nonNull)
        .findFirst();
  }

  @Override
  public List<AgentRecord> seenSince(Instant since) {
    List<AgentRecord> rows =
        jdbc.query("SELECT * FROM agents WHERE last_seen >= ?", JdbcAgentStore::rowOrNull, since);
    return rows.stream().filter(Objects::nonNull).toList();
  }

  private static AgentRecord rowOrNull(ResultSet rs) throws SQLException {
    try {
      return new AgentRecord(
          rs.getString("agent_id"),
          rs.getString("hostname"),
          rs.getString("os_name"),
          rs.getString("os_version"),
          rs.getString("agent_version"),
          rs.getString("username"),
          Json.mapper().readValue(rs.getString("labels_json"), LABELS),
          Json.mapper().readValue(rs.getString("task_types"), TYPES),
          Jdbc.instant(rs, "first_seen"),
          Jdbc.instant(rs, "last_seen"));
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn(
          "agent {}: stored row unreadable, left out: {}",
          rs.getString("agent_id"),
          e.getMessage());
      return null;
    }
  }

  static final String UPSERT_SCHEMAS =
      "INSERT INTO agent_task_schemas (agent_id, schemas) VALUES (?,?)"
          + " ON CONFLICT (agent_id) DO UPDATE SET schemas=excluded.schemas";

  @Override
  public java.util.Optional<byte[]> taskSchemas(String agentId) {
    return jdbc.one(
        "SELECT schemas FROM agent_task_schemas WHERE agent_id = ?", rs -> rs.getBytes(1), agentId);
  }
}
