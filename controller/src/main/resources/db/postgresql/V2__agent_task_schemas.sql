-- Each agent's task parameter schemas from its last Hello (a TaskSchemas message, agent_gateway.proto),
-- so a dispatch is checked by the agent's own rules even while the agent is offline. A row that
-- cannot be read means "not checked at dispatch" (the agent still checks), never an error.
CREATE TABLE agent_task_schemas (
  agent_id TEXT PRIMARY KEY,
  schemas  BYTEA NOT NULL
);
