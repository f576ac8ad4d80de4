-- KakaoTalk easy logins the backend opened (POST /session/talk). Kakao's KakaoTalk path carries no
-- PKCE challenge, so a code without a verifier is accepted only with the state of a row here,
-- once: the exchange deletes the row. The state is kept as its SHA-256, like session ids; the
-- nonce is checked against the id_token, and the redirect URI goes to the code exchange.
CREATE TABLE talk_logins (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX talk_logins_expiry ON talk_logins (expires_at);
