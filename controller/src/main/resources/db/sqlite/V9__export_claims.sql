-- A finished run's report folder is written by one controller only. With several replicas, two
-- may each see the run finish (an agent that moved to another replica resends its end while the
-- first replica's write, held up by a cut link to the database, is retried): each exporter claims
-- the run first. export_claimed_by names the exporter (one per controller process),
-- export_claimed_at (microseconds since the epoch) lets another take over a claim whose owner died
-- halfway through.
ALTER TABLE runs ADD COLUMN export_claimed_by TEXT;
ALTER TABLE runs ADD COLUMN export_claimed_at INTEGER;
-- The exporters' periodic look for finished runs without a folder reads this, not every run.
CREATE INDEX runs_unexported ON runs (finished_at) WHERE state = 'finished' AND export_dir IS NULL;
