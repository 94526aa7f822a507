-- Runs an agent executed on its own (`agent run --sync`) and uploaded later, beside the runs the
-- controller dispatched. origin: 'dispatched' or 'local'. local_run_id is the agent's id for a
-- local run; an agent uploads a run again when its ack was lost, so (agent_id, local_run_id) is
-- stored once. Dispatched runs leave it NULL (NULLs never collide in a unique index).
ALTER TABLE runs ADD COLUMN origin VARCHAR(16) DEFAULT 'dispatched' NOT NULL;
ALTER TABLE runs ADD COLUMN local_run_id VARCHAR(64);
CREATE UNIQUE INDEX runs_by_local_run ON runs (agent_id, local_run_id);
