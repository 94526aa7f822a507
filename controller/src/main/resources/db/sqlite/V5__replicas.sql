-- Controller replicas sharing one store (PostgreSQL; an embedded store has one controller and
-- leaves these empty). A replica is alive while its heartbeat is fresh; an agent's runs are held in
-- memory by exactly one replica, named by the agent's lease; messages between replicas (new runs,
-- cancels, lease hand-overs) are rows in replica_inbox, the truth a NOTIFY only wakes.
CREATE TABLE replicas (
  replica_id    TEXT PRIMARY KEY,
  address       TEXT NOT NULL,
  started_at    INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL
);
CREATE TABLE agent_leases (
  agent_id    TEXT PRIMARY KEY,
  replica_id  TEXT NOT NULL,
  epoch       INTEGER NOT NULL,
  taken_at    INTEGER NOT NULL,
  -- 1 while the agent's stream is open on the holder (the fleet view of every replica reads it)
  connected   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agent_leases_by_replica ON agent_leases (replica_id);
CREATE TABLE replica_inbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  replica_id  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  agent_id    TEXT NOT NULL,
  run_id      TEXT,
  detail      TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX replica_inbox_by_replica ON replica_inbox (replica_id, id);
