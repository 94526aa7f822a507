package io.autoservice.controller.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterStore} on PostgreSQL: leases are taken by one {@code INSERT … ON CONFLICT … DO
 * UPDATE … WHERE} each (the row lock makes racing replicas take turns, the condition decides),
 * messages are rows read with {@code FOR UPDATE SKIP LOCKED}, and a {@code pg_notify} in the same
 * transaction wakes the receiver once the message is committed.
 */
final class JdbcClusterStore implements ClusterStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcClusterStore.class);

  private static final String LIVE = "SELECT replica_id FROM replicas WHERE heartbeat_at > ?";

  private final Jdbc jdbc;

  JdbcClusterStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  private static Instant since(Instant now, Duration ttl) {
    return now.minus(ttl);
  }

  @Override
  public void heartbeat(String replicaId, String address, Instant startedAt, Instant now) {
    jdbc.update(
        "INSERT INTO replicas (replica_id, address, started_at, heartbeat_at) VALUES (?,?,?,?)"
            + " ON CONFLICT (replica_id) DO UPDATE SET address = EXCLUDED.address,"
            + " started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at",
        replicaId,
        address,
        startedAt,
        now);
  }

  @Override
  public List<String> liveReplicas(Instant now, Duration ttl) {
    return jdbc.query(LIVE + " ORDER BY replica_id", rs -> rs.getString(1), since(now, ttl));
  }

  @Override
  public Optional<Holder> holder(String agentId, Instant now, Duration ttl) {
    return jdbc.one(
        "SELECT l.replica_id, l.epoch, r.heartbeat_at FROM agent_leases l"
            + " LEFT JOIN replicas r ON r.replica_id = l.replica_id WHERE l.agent_id = ?",
        rs -> holder(rs, now, ttl),
        agentId);
  }

  private static Holder holder(java.sql.ResultSet rs, Instant now, Duration ttl)
      throws java.sql.SQLException {
    Instant beat = Jdbc.instant(rs, "heartbeat_at");
    return new Holder(
        rs.getString("replica_id"),
        rs.getLong("epoch"),
        beat != null && beat.isAfter(since(now, ttl)));
  }

  @Override
  public Taken take(String agentId, String replicaId, Instant now, Duration ttl) {
    return jdbc.inTransaction(
        tx -> {
          Optional<Holder> previous =
              tx
                  .query(
                      "SELECT l.replica_id, l.epoch, r.heartbeat_at FROM agent_leases l"
                          + " LEFT JOIN replicas r ON r.replica_id = l.replica_id"
                          + " WHERE l.agent_id = ? FOR UPDATE OF l",
                      rs -> holder(rs, now, ttl),
                      agentId)
                  .stream()
                  .findFirst();
          long epoch =
              tx.query(
                      "INSERT INTO agent_leases (agent_id, replica_id, epoch, taken_at, connected)"
                          + " VALUES (?,?,1,?,1) ON CONFLICT (agent_id) DO UPDATE SET"
                          + " replica_id = EXCLUDED.replica_id, epoch = agent_leases.epoch + 1,"
                          + " taken_at = EXCLUDED.taken_at, connected = 1 RETURNING epoch",
                      rs -> rs.getLong(1),
                      agentId,
                      replicaId,
                      now)
                  .get(0);
          return new Taken(epoch, previous.filter(p -> !p.replicaId().equals(replicaId)));
        });
  }

  @Override
  public Optional<Taken> adopt(String agentId, String replicaId, Instant now, Duration ttl) {
    return jdbc.inTransaction(
        tx -> {
          Optional<Holder> previous =
              tx
                  .query(
                      "SELECT l.replica_id, l.epoch, r.heartbeat_at FROM agent_leases l"
                          + " LEFT JOIN replicas r ON r.replica_id = l.replica_id"
                          + " WHERE l.agent_id = ? FOR UPDATE OF l",
                      rs -> holder(rs, now, ttl),
                      agentId)
                  .stream()
                  .findFirst();
          if (previous.isPresent() && previous.get().alive()) {
            return Optional.empty();
          }
          List<Long> epoch =
              tx.query(
                  "INSERT INTO agent_leases (agent_id, replica_id, epoch, taken_at)"
                      + " VALUES (?,?,1,?) ON CONFLICT (agent_id) DO UPDATE SET"
                      + " replica_id = EXCLUDED.replica_id, epoch = agent_leases.epoch + 1,"
                      + " taken_at = EXCLUDED.taken_at, connected = 0"
                      + " WHERE agent_leases.replica_id NOT IN ("
                      + LIVE
                      + ") RETURNING epoch",
                  rs -> rs.getLong(1),
                  agentId,
                  replicaId,
                  now,
                  since(now, ttl));
          return epoch.isEmpty()
              ? Optional.<Taken>empty()
              : Optional.of(new Taken(epoch.get(0), previous));
        });
  }

  @Override
  public void disconnected(String agentId, String replicaId) {
    jdbc.update(
        "UPDATE agent_leases SET connected = 0 WHERE agent_id = ? AND replica_id = ?",
        agentId,
        replicaId);
  }

  @Override
  public FleetPicture fleet(String replicaId, Instant now, Duration ttl) {
    java.util.Set<String> connected =
        new java.util.HashSet<>(
            jdbc.query(
                "SELECT l.agent_id FROM agent_leases l JOIN replicas r ON r.replica_id = l.replica_id"
                    + " WHERE l.connected = 1 AND l.replica_id <> ? AND r.heartbeat_at > ?",
                rs -> rs.getString(1),
                replicaId,
                since(now, ttl)));
    java.util.Map<String, String> working = new java.util.HashMap<>();
    jdbc.query(
            "SELECT r.agent_id, r.run_id FROM runs r JOIN agent_leases l ON l.agent_id = r.agent_id"
                + " WHERE r.state IN ('assigned', 'running') AND l.replica_id <> ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            replicaId)
        .forEach(x -> working.put(x[0], x[1]));
    return new FleetPicture(connected, working);
  }

  @Override
  public List<String> heldBy(String replicaId) {
    return jdbc.query(
        "SELECT agent_id FROM agent_leases WHERE replica_id = ?", rs -> rs.getString(1), replicaId);
  }

  @Override
  public List<String> orphans(Instant now, Duration ttl, int limit) {
    return jdbc.query(
        "SELECT DISTINCT r.agent_id FROM runs r"
            + " LEFT JOIN agent_leases l ON l.agent_id = r.agent_id"
            + " LEFT JOIN replicas p ON p.replica_id = l.replica_id AND p.heartbeat_at > ?"
            + " WHERE r.state IN ('queued', 'assigned', 'running') AND p.replica_id IS NULL"
            + " LIMIT ?",
        rs -> rs.getString(1),
        since(now, ttl),
        limit);
  }

  @Override
  public void post(
      String toReplica, String kind, String agentId, String runId, String detail, Instant now) {
    jdbc.inTransaction(
        tx -> {
          tx.update(
              "INSERT INTO replica_inbox (replica_id, kind, agent_id, run_id, detail, created_at)"
                  + " VALUES (?,?,?,?,?,?)",
              toReplica,
              kind,
              agentId,
              runId,
              detail,
              now);
          tx.query("SELECT pg_notify(?, ?)", rs -> 0, CHANNEL, toReplica);
          return null;
        });
  }

  @Override
  public int drain(String replicaId, int limit, Consumer<Message> handle) {
    return jdbc.inTransaction(
        tx -> {
          List<Message> waiting =
              tx.query(
                  "SELECT id, kind, agent_id, run_id, detail FROM replica_inbox"
                      + " WHERE replica_id = ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                  rs ->
                      new Message(
                          rs.getLong(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5)),
                  replicaId,
                  limit);
          List<Object[]> done = new ArrayList<>();
          for (Message m : waiting) {
            try {
              handle.accept(m);
            } catch (RuntimeException e) {
              // Dropped, not retried forever: the holder's reconciliation finds what it was about.
              log.warn("replica message {} ({}) could not be handled: {}", m.id(), m.kind(), e);
            }
            done.add(new Object[] {m.id()});
          }
          tx.batch("DELETE FROM replica_inbox WHERE id = ?", done);
          return waiting.size();
        });
  }

  @Override
  public List<HeldRun> unfinishedHeldBy(String replicaId) {
    return jdbc.query(
        "SELECT r.agent_id, r.run_id FROM runs r JOIN agent_leases l ON l.agent_id = r.agent_id"
            + " WHERE l.replica_id = ? AND r.state IN ('queued', 'assigned', 'running')",
        rs -> new HeldRun(rs.getString(1), rs.getString(2)),
        replicaId);
  }

  @Override
  public long[] nextQueueSeqs(int n) {
    if (n <= 0) {
      return new long[0];
    }
    List<Long> seqs =
        jdbc.inTransaction(
            tx ->
                tx.query(
                    "SELECT nextval('run_queue_seq') FROM generate_series(1, ?)",
                    rs -> rs.getLong(1),
                    n));
    return seqs.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  @Override
  public void alignQueueSeq() {
    jdbc.inTransaction(
        tx ->
            tx.query(
                "SELECT setval('run_queue_seq', GREATEST((SELECT COALESCE(MAX(queue_seq), 0)"
                    + " FROM runs), (SELECT last_value FROM run_queue_seq), 1))",
                rs -> 0));
  }
}
