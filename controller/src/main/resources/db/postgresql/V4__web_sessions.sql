-- Signed-in browsers, shared by every controller on this store: a session opened on one is valid on
-- all, and ended on one is ended on all. id_hash is the SHA-256 of the session id (the cookie's
-- value), never the id itself, so a copy of the database yields no usable cookie. last_used is
-- written at most once a minute per session (the idle expiry is measured from it), expires_at is the
-- absolute end; expired rows are deleted in the background. Times: microseconds since the epoch.
CREATE TABLE web_sessions (
  id_hash     BYTEA PRIMARY KEY,
  user_name   TEXT NOT NULL,
  role        TEXT NOT NULL,
  csrf        TEXT NOT NULL,
  via         TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  last_used   BIGINT NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_name, created_at);
