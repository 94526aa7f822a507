-- Agents that ever connected.
CREATE TABLE agents (
  agent_id       VARCHAR(128) PRIMARY KEY,
  hostname       VARCHAR(255) NOT NULL,
  os_name        VARCHAR(255),
  os_version     VARCHAR(255),
  agent_version  VARCHAR(64),
  username       VARCHAR(255),
  labels_json    VARCHAR(8000) NOT NULL,
  task_types     VARCHAR(8000) NOT NULL,
  first_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per run: a plan dispatched to one agent.
CREATE TABLE runs (
  run_id          VARCHAR(64) PRIMARY KEY,
  agent_id        VARCHAR(128) NOT NULL,
  hostname        VARCHAR(255),
  queue_seq       BIGINT NOT NULL,
  state           VARCHAR(16) NOT NULL,
  status          VARCHAR(32),
  plan_json       CLOB NOT NULL,
  total_tasks     INT NOT NULL,
  completed_tasks INT NOT NULL DEFAULT 0,
  dispatched_by   VARCHAR(255),
  dispatched_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  deliver_by      TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at     TIMESTAMP WITH TIME ZONE,
  last_seq        BIGINT NOT NULL DEFAULT 0,
  report_json     CLOB,
  error           VARCHAR(4000),
  cancel_reason   VARCHAR(1000)
);
CREATE INDEX runs_by_agent ON runs (agent_id, queue_seq);
CREATE INDEX runs_by_state ON runs (state);
CREATE INDEX runs_by_time ON runs (dispatched_at);

-- Every event an agent streamed, as its protobuf bytes, in sequence order per run.
CREATE TABLE run_events (
  run_id      VARCHAR(64) NOT NULL,
  seq         BIGINT NOT NULL,
  event_time  TIMESTAMP WITH TIME ZONE NOT NULL,
  body        VARBINARY(16777216) NOT NULL,
  PRIMARY KEY (run_id, seq)
);
