-- A web console password per user, optional: a PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash),
-- never the password. NULL means the user signs in to the web with its console token only.
ALTER TABLE users ADD COLUMN password_hash TEXT;
