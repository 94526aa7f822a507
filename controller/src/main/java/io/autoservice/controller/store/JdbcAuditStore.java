package io.autoservice.controller.store;

import io.autoservice.controller.model.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log over JDBC. */
final class JdbcAuditStore implements AuditStore {
  private final Jdbc jdbc;

  JdbcAuditStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long append(AuditEntry e) {
    return jdbc.inTransaction(
        tx ->
            tx.insert(
                "INSERT INTO audit (at, actor, action, target, detail, remote_addr, plan_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.at(),
                e.actor(),
                e.action(),
                e.target(),
                e.detail(),
                e.remoteAddr(),
                e.planSha256()));
  }

  @Override
  public List<AuditEntry> query(String actor, String action, Instant since, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, actor, action, target, detail, remote_addr, plan_sha256 FROM audit WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (actor != null) {
      sql.append(" AND actor = ?");
      args.add(actor);
    }
    if (action != null) {
      sql.append(" AND action = ?");
      args.add(action);
    }
    if (since != null) {
      sql.append(" AND at >= ?");
      args.add(since);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(limit);
    return jdbc.query(
        sql.toString(),
        rs ->
            new AuditEntry(
                rs.getLong("id"),
                Jdbc.instant(rs, "at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("detail"),
                rs.getString("remote_addr"),
                rs.getString("plan_sha256")),
        args.toArray());
  }
}
