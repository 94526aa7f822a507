-- Schedules: a plan fired on a recurrence at a target. last_occurrence_at is the newest occurrence
-- materialised (the scheduler computes the next ones after it); an occurrence row is taken once
-- (its primary key) by whichever controller or attempt gets there first, and each PC's delivery is
-- claimed pending -> dispatching by one conditional UPDATE, so a run starts once per (occurrence,
-- PC) across restarts and replicas. run_id is derived from (schedule, occurrence, PC).
CREATE TABLE schedules (
  schedule_id         TEXT PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE,
  plan_json           TEXT NOT NULL,
  -- agents | labels | all; target_json: a list of agent ids, or a label map
  target_kind         TEXT NOT NULL,
  target_json         TEXT NOT NULL,
  cron                TEXT,
  time_zone           TEXT NOT NULL,
  -- "6h" or "2d", anchored at created_at; NULL for a cron schedule
  every               TEXT,
  deadline_seconds    BIGINT NOT NULL,
  catch_up_seconds    BIGINT NOT NULL,
  jitter_seconds      BIGINT NOT NULL,
  force_types         INTEGER NOT NULL DEFAULT 0,
  enabled             INTEGER NOT NULL,
  created_by          TEXT NOT NULL,
  created_at          BIGINT NOT NULL,
  last_occurrence_at  BIGINT NOT NULL
);
CREATE TABLE schedule_occurrences (
  schedule_id    TEXT NOT NULL,
  occurrence_at  BIGINT NOT NULL,
  -- scheduled | run_now
  kind           TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  -- why no PC got it (no agent matched), else NULL
  note           TEXT,
  PRIMARY KEY (schedule_id, occurrence_at)
);
CREATE TABLE schedule_deliveries (
  schedule_id    TEXT NOT NULL,
  occurrence_at  BIGINT NOT NULL,
  agent_id       TEXT NOT NULL,
  hostname       TEXT,
  -- occurrence + this PC's jitter offset: not dispatched before
  start_at       BIGINT NOT NULL,
  -- pending | dispatching | dispatched | missed
  state          TEXT NOT NULL,
  run_id         TEXT NOT NULL,
  -- what a pending one waits for, or why it was missed
  reason         TEXT,
  claimed_at     BIGINT,
  updated_at     BIGINT NOT NULL,
  -- windows do not hold it back (run-now)
  ignore_windows INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (schedule_id, occurrence_at, agent_id)
);
CREATE INDEX schedule_deliveries_due ON schedule_deliveries (state, start_at);
CREATE INDEX schedule_deliveries_missed ON schedule_deliveries (state, updated_at);
-- Maintenance windows, one per label: a scheduled run for a PC carrying the label waits until one
-- of its labels' windows is open. days: comma-separated mon..sun; minutes after local midnight;
-- to_minute <= from_minute crosses midnight.
CREATE TABLE maintenance_windows (
  label_key    TEXT NOT NULL,
  label_value  TEXT NOT NULL,
  days         TEXT NOT NULL,
  from_minute  INTEGER NOT NULL,
  to_minute    INTEGER NOT NULL,
  time_zone    TEXT NOT NULL,
  updated_by   TEXT NOT NULL,
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (label_key, label_value)
);
