-- Each PC's history: the figures that matter over time (a drive's reallocated sectors, a volume's
-- used %, a battery's wear, …), read once from every finished run's report. One row per
-- (agent, metric, subject, run); at is the run's finish time (microseconds since the epoch); value
-- is the figure (for verdicts a small code: 0 fine, 1 warning, 2 error) and text an optional short
-- word or sentence. No foreign key to runs: history outlives a run deleted by run retention.
CREATE TABLE history_points (
  agent_id  TEXT NOT NULL,
  metric    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  run_id    TEXT NOT NULL,
  at        BIGINT NOT NULL,
  value     DOUBLE PRECISION NOT NULL,
  text      TEXT,
  PRIMARY KEY (agent_id, metric, subject, run_id)
);
CREATE INDEX history_points_by_run ON history_points (run_id);
-- The runs already read (whether they had figures or not): a run is extracted exactly once, and a
-- start catches up on the finished runs missing here. Pruned with its points.
CREATE TABLE history_runs (
  run_id       TEXT PRIMARY KEY,
  agent_id     TEXT NOT NULL,
  finished_at  BIGINT NOT NULL,
  points       INTEGER NOT NULL
);
CREATE INDEX history_runs_by_finish ON history_runs (finished_at);
