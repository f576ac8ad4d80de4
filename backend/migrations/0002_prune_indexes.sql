-- Each sign-in prunes the code claims past their retention and the expired sessions. Without
-- these indexes both were scans of a growing table inside SQLite's write lock.
CREATE INDEX code_claims_claimed_at ON code_claims (claimed_at);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
