-- The controller's embedded store (SQLite, WAL, synchronous=FULL). Times are microseconds since
-- the epoch (UTC) in INTEGER columns: portable to PostgreSQL's BIGINT and free of time-zone rules.
-- SQLite does not enforce declared lengths; the store and the gateway bound what they accept.

-- Agents that ever connected.
CREATE TABLE agents (
  agent_id       TEXT PRIMARY KEY,
  hostname       TEXT NOT NULL,
  os_name        TEXT,
  os_version     TEXT,
  agent_version  TEXT,
  username       TEXT,
  labels_json    TEXT NOT NULL,
  task_types     TEXT NOT NULL,
  first_seen     INTEGER NOT NULL,
  last_seen      INTEGER NOT NULL
);

-- One row per run: a plan dispatched to one agent, or a local run an agent uploaded.
-- origin: 'dispatched' or 'local'. local_run_id is the agent's id for a local run; (agent_id,
-- local_run_id) is stored once (NULLs never collide in a unique index). export_dir is the name of
-- the run's folder under reports/, set once it is exported: the export never has to search ('' once
-- retention removed the folder). events_pruned is 1 once retention removed the run's events.
CREATE TABLE runs (
  run_id          TEXT PRIMARY KEY,
  agent_id        TEXT NOT NULL,
  hostname        TEXT,
  queue_seq       INTEGER NOT NULL,
  state           TEXT NOT NULL,
  status          TEXT,
  plan_json       TEXT NOT NULL,
  total_tasks     INTEGER NOT NULL,
  completed_tasks INTEGER NOT NULL DEFAULT 0,
  dispatched_by   TEXT,
  dispatched_at   INTEGER NOT NULL,
  deliver_by      INTEGER NOT NULL,
  finished_at     INTEGER,
  last_seq        INTEGER NOT NULL DEFAULT 0,
  report_json     TEXT,
  error           TEXT,
  cancel_reason   TEXT,
  origin          TEXT NOT NULL DEFAULT 'dispatched',
  local_run_id    TEXT,
  export_dir      TEXT,
  events_pruned   INTEGER NOT NULL DEFAULT 0
);
-- `console runs` lists newest first (queue_seq DESC) under any one filter: one index per filter,
-- each ending in queue_seq, so a page is read in order and stops at its limit.
CREATE INDEX runs_by_queue ON runs (queue_seq);
CREATE INDEX runs_by_agent ON runs (agent_id, queue_seq);
CREATE INDEX runs_by_state ON runs (state, queue_seq);
CREATE INDEX runs_by_status ON runs (status, queue_seq);
CREATE INDEX runs_by_time ON runs (dispatched_at);
CREATE INDEX runs_by_finish ON runs (finished_at);
CREATE UNIQUE INDEX runs_by_local_run ON runs (agent_id, local_run_id);

-- Every event an agent streamed, as its protobuf bytes, in sequence order per run. A rowid table:
-- bodies run to kilobytes (reports), which a WITHOUT ROWID b-tree stores badly.
CREATE TABLE run_events (
  run_id      TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  event_time  INTEGER NOT NULL,
  body        BLOB NOT NULL,
  PRIMARY KEY (run_id, seq)
);

-- Technicians' accounts. A token is 32 random bytes (base64url) shown once; only its SHA-256 is
-- kept. A revoked user keeps its row (and its name) so the audit log stays readable.
CREATE TABLE users (
  name        TEXT PRIMARY KEY,
  role        TEXT NOT NULL,
  token_hash  BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE UNIQUE INDEX users_by_token ON users (token_hash);

-- Append-only: the controller inserts and selects, never updates or deletes.
CREATE TABLE audit (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  target       TEXT,
  detail       TEXT,
  remote_addr  TEXT,
  plan_sha256  TEXT
);
CREATE INDEX audit_by_time ON audit (at);

-- Enrolment tokens. Only the SHA-256 of a token's secret is kept; a token is spent when uses_left
-- reaches 0 and refused after expires_at. Rows stay for the audit trail.
CREATE TABLE enrollment_tokens (
  secret_hash  BLOB PRIMARY KEY,
  labels       TEXT NOT NULL,
  uses_allowed INTEGER NOT NULL,
  uses_left    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);

-- Every certificate issued to an agent. A revoked certificate is refused at the TLS handshake and
-- at every call; revocation is per agent (all its certificates at once).
CREATE TABLE agent_certificates (
  serial      TEXT PRIMARY KEY,
  agent_id    TEXT NOT NULL,
  issued_at   INTEGER NOT NULL,
  not_after   INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX agent_certificates_by_agent ON agent_certificates (agent_id);

-- Labels an agent received from its enrolment token; they win over the agent's own labels.
CREATE TABLE enrolled_agents (
  agent_id    TEXT PRIMARY KEY,
  labels      TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL
);
