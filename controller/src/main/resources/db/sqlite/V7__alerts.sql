-- Alerts: a rule's finding about one PC (and a subject on it: a drive, a volume, a task type).
-- While an alert is open (resolved_at NULL) there is at most one per (rule, agent, subject): the
-- partial unique index makes "raise once" hold for every writer, replicas included, and a raise is
-- an INSERT … ON CONFLICT DO NOTHING. Times are microseconds since the epoch (UTC).
CREATE TABLE alerts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  rule          TEXT NOT NULL,
  agent_id      TEXT NOT NULL,
  subject       TEXT NOT NULL DEFAULT '',
  hostname      TEXT,
  severity      TEXT NOT NULL,
  message       TEXT NOT NULL,
  run_id        TEXT,
  raised_at     INTEGER NOT NULL,
  acked_at      INTEGER,
  acked_by      TEXT,
  ack_note      TEXT,
  resolved_at   INTEGER,
  resolved_by_run TEXT
);
CREATE UNIQUE INDEX alerts_open_once ON alerts (rule, agent_id, subject) WHERE resolved_at IS NULL;
CREATE INDEX alerts_by_agent ON alerts (agent_id, id);
CREATE INDEX alerts_by_raised ON alerts (raised_at);

-- Finished runs the alert rules have looked at: a run is evaluated exactly once, and runs finished
-- while the controller was down (or while the evaluation queue was full) are found by what is
-- missing here. Rows older than the catch-up window are pruned.
CREATE TABLE alert_evaluated (
  run_id        TEXT PRIMARY KEY,
  evaluated_at  INTEGER NOT NULL
);

-- Notifications still to send (webhook, email) for an alert raised or resolved: kept so a restart
-- resumes them. state: pending, sent or failed (gave up after the attempts allowed).
CREATE TABLE alert_deliveries (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id      INTEGER NOT NULL,
  channel       TEXT NOT NULL,
  event         TEXT NOT NULL,
  state         TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_at       INTEGER NOT NULL,
  last_error    TEXT,
  created_at    INTEGER NOT NULL
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_at);
