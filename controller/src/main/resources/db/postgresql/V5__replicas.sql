-- Controller replicas sharing this store. A replica is alive while its heartbeat is fresh; an
-- agent's runs are held in memory by exactly one replica, named by the agent's lease; messages
-- between replicas (new runs, cancels, lease hand-overs) are rows in replica_inbox, read with
-- FOR UPDATE SKIP LOCKED; a NOTIFY on channel autoservice_inbox (payload: the replica id) only
-- wakes the reader.
CREATE TABLE replicas (
  replica_id    TEXT PRIMARY KEY,
  address       TEXT NOT NULL,
  started_at    BIGINT NOT NULL,
  heartbeat_at  BIGINT NOT NULL
);
CREATE TABLE agent_leases (
  agent_id    TEXT PRIMARY KEY,
  replica_id  TEXT NOT NULL,
  epoch       BIGINT NOT NULL,
  taken_at    BIGINT NOT NULL,
  -- 1 while the agent's stream is open on the holder (the fleet view of every replica reads it)
  connected   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agent_leases_by_replica ON agent_leases (replica_id);
CREATE TABLE replica_inbox (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  replica_id  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  agent_id    TEXT NOT NULL,
  run_id      TEXT,
  detail      TEXT,
  created_at  BIGINT NOT NULL
);
CREATE INDEX replica_inbox_by_replica ON replica_inbox (replica_id, id);
-- Queue places for runs dispatched by any replica: one order for the whole fleet.
CREATE SEQUENCE run_queue_seq;
