package io.autoservice.controller.tls;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autoservice.common.json.Json;
import io.autoservice.common.tls.Certificates;
import io.autoservice.controller.store.RunStore.StoreException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The certificates issued to agents and whether they still count. The TLS handshake asks {@link
 * #standing} on an event-loop thread, so the answer comes from memory (loaded at start, updated as
 * certificates are issued and revoked); the database is the record that survives restarts.
 */
public final class AgentCertificates {
  private final DataSource ds;
  private final Clock clock;
  private final Map<String, Entry> bySerial = new ConcurrentHashMap<>();

  private record Entry(String agentId, Instant notAfter, boolean revoked) {}

  /** What the controller thinks of a certificate it is shown. */
  public enum Standing { VALID, REVOKED, UNKNOWN, WRONG_AGENT }

  public AgentCertificates(DataSource ds, Clock clock) {
    this.ds = requireNonNull(ds, "ds");
    this.clock = requireNonNull(clock, "clock");
    load();
  }

  /** Records a certificate just issued to {@code agentId} (its CN). */
  public void issued(String agentId, X509Certificate cert) {
    String serial = Certificates.serial(cert);
    Instant notAfter = cert.getNotAfter().toInstant();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO agent_certificates (serial, agent_id, issued_at, not_after) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, serial);
      ps.setString(2, agentId);
      ps.setTimestamp(3, Timestamp.from(clock.instant()));
      ps.setTimestamp(4, Timestamp.from(notAfter));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record an agent certificate", e);
    }
    bySerial.put(serial, new Entry(agentId, notAfter, false));
  }

  /**
   * Whether a certificate signed by our CA still counts: issued by this controller, not revoked,
   * and naming the agent it was issued to.
   */
  public Standing standing(X509Certificate cert) {
    Entry e = bySerial.get(Certificates.serial(cert));
    if (e == null) {
      return Standing.UNKNOWN;
    }
    if (e.revoked()) {
      return Standing.REVOKED;
    }
    return e.agentId().equals(Certificates.commonName(cert)) ? Standing.VALID : Standing.WRONG_AGENT;
  }

  /** Whether the agent holds a certificate that is neither revoked nor expired. */
  public boolean hasValid(String agentId) {
    Instant now = clock.instant();
    return bySerial.values().stream()
        .anyMatch(e -> e.agentId().equals(agentId) && !e.revoked() && e.notAfter().isAfter(now));
  }

  /** Revokes every certificate of the agent; returns how many were still valid. */
  public int revokeAgent(String agentId) {
    int n;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE agent_certificates SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setString(2, agentId);
      n = ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot revoke agent certificates", e);
    }
    bySerial.replaceAll((serial, e) -> e.agentId().equals(agentId) ? new Entry(e.agentId(), e.notAfter(), true) : e);
    return n;
  }

  /** Labels the agent's enrolment token gave it (empty when none). */
  public Map<String, String> enrolledLabels(String agentId) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT labels FROM enrolled_agents WHERE agent_id = ?")) {
      ps.setString(1, agentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Json.mapper().readValue(rs.getString(1), new TypeReference<TreeMap<String, String>>() {})
            : Map.of();
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot read enrolled labels", e);
    }
  }

  /** Records the labels an enrolment gave the agent (replacing an earlier enrolment's). */
  public void enrolled(String agentId, Map<String, String> labels) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "MERGE INTO enrolled_agents (agent_id, labels, enrolled_at) KEY (agent_id) VALUES (?, ?, ?)")) {
      ps.setString(1, agentId);
      ps.setString(2, Json.mapper().writeValueAsString(new TreeMap<>(labels)));
      ps.setTimestamp(3, Timestamp.from(clock.instant()));
      ps.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot record an enrolment", e);
    }
  }

  private void load() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT serial, agent_id, not_after, revoked_at FROM agent_certificates");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        bySerial.put(rs.getString(1),
            new Entry(rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4) != null));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot load agent certificates", e);
    }
  }
}
