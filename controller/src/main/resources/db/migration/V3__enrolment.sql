-- Enrolment tokens. Only the SHA-256 of a token's secret is kept; a token is spent when uses_left
-- reaches 0 and refused after expires_at. Rows stay for the audit trail.
CREATE TABLE enrollment_tokens (
  secret_hash  VARBINARY(32) PRIMARY KEY,
  labels       VARCHAR(100000) NOT NULL,
  uses_allowed INT NOT NULL,
  uses_left    INT NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by   VARCHAR(255) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every certificate issued to an agent. A revoked certificate is refused at the TLS handshake and
-- at every call; revocation is per agent (all its certificates at once).
CREATE TABLE agent_certificates (
  serial      VARCHAR(64) PRIMARY KEY,
  agent_id    VARCHAR(128) NOT NULL,
  issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  not_after   TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX agent_certificates_by_agent ON agent_certificates (agent_id);

-- Labels an agent received from its enrolment token; they win over the agent's own labels.
CREATE TABLE enrolled_agents (
  agent_id    VARCHAR(128) PRIMARY KEY,
  labels      VARCHAR(100000) NOT NULL,
  enrolled_at TIMESTAMP WITH TIME ZONE NOT NULL
);
