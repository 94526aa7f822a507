-- Technicians' accounts. A token is 32 random bytes (base64url) shown once; only its SHA-256 is
-- kept. A revoked user keeps its row (and its name) so the audit log stays readable.
CREATE TABLE users (
  name        VARCHAR(64) PRIMARY KEY,
  role        VARCHAR(16) NOT NULL,
  token_hash  VARBINARY(32) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX users_by_token ON users (token_hash);

-- Append-only: the controller inserts and selects, never updates or deletes.
CREATE TABLE audit (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           TIMESTAMP WITH TIME ZONE NOT NULL,
  actor        VARCHAR(255) NOT NULL,
  action       VARCHAR(32) NOT NULL,
  target       VARCHAR(1000000),
  detail       VARCHAR(1000000),
  remote_addr  VARCHAR(255),
  plan_sha256  CHAR(64)
);
CREATE INDEX audit_by_time ON audit (at);
