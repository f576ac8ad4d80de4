-- A member deletion recorded before anything else happens, and finished by the worker with
-- retries, so a crash, a deploy or a Kakao outage between the steps loses nothing.
-- `kind` is `withdrawal` (the member asked: unlink at Kakao, then delete) or `unlinked` (Kakao's
-- unlink webhook: Kakao already unlinked, only the deletion is left). The row goes in the
-- transaction that deletes the member, so the deletion happens exactly once.
CREATE TABLE member_deletions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    kakao_id TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- Unix milliseconds: when the worker may take it next (a retry's backoff, or the lease of
    -- whoever is working on it now).
    due_at_ms BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX member_deletions_due ON member_deletions (due_at_ms);

-- Who is refreshing a session's Kakao tokens, across instances: a refresh first claims the
-- session until this time (Unix seconds); the others wait for its result instead of spending
-- a refresh token that Kakao may rotate.
ALTER TABLE sessions ADD COLUMN refresh_lease_until BIGINT;
