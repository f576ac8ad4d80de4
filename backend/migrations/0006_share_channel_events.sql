-- Kakao's KakaoTalk share and channel webhooks, each recorded before the service answers 2xx.
-- Both carry an X-Kakao-Resource-ID unique to each webhook: it is the key, so a delivery that
-- comes twice is recorded once.

-- A share message reached a chat. `callback_args` is the JSON object of the sharing page's
-- serverCallbackArgs.
CREATE TABLE share_events (
    resource_id TEXT PRIMARY KEY,
    chat_type TEXT NOT NULL,
    hash_chat_id TEXT NOT NULL,
    template_id BIGINT,
    callback_args TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX share_events_received_at ON share_events (received_at);

-- A user added or blocked one of the app's channels. `user_key` is Kakao's `id`: the user id
-- when `id_type` is `app_user_id`, else an `open_id`.
CREATE TABLE channel_events (
    resource_id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    user_key TEXT NOT NULL,
    id_type TEXT NOT NULL,
    channel_public_id TEXT NOT NULL,
    channel_uuid TEXT,
    updated_at TEXT,
    received_at BIGINT NOT NULL
);
CREATE INDEX channel_events_user ON channel_events (user_key);

-- Each Kakao user's latest relation to each channel, from the channel webhook: what GET
-- /channels answers from. `changed_at` (Unix seconds, Kakao's `updated_at`) keeps an older
-- event that arrives late from overwriting a newer one.
CREATE TABLE channel_relations (
    kakao_id TEXT NOT NULL,
    channel_public_id TEXT NOT NULL,
    channel_uuid TEXT,
    relation TEXT NOT NULL,
    updated_at TEXT,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (kakao_id, channel_public_id)
);
