-- The editor desk (docs/desk.md): people who log in, their sessions, the
-- site's publishing mode, what editors decided about each story, every action
-- they took, and the webhook's outbox. A roundup version is published
-- (published_at set) or a draft waiting for an editor; the public site, feeds
-- and API read only published versions. editor names who published a version
-- from the desk (NULL: the composer, in auto mode).

ALTER TABLE roundup ADD COLUMN published_at BIGINT;
ALTER TABLE roundup ADD COLUMN editor TEXT;
-- Everything composed before the desk existed was published as it was made.
UPDATE roundup SET published_at = composed_at;
CREATE INDEX roundup_published ON roundup (story_key, lang, published_at);

CREATE TABLE desk_user (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,                  -- 'editor' or 'admin'
    password TEXT NOT NULL,              -- "pbkdf2-sha256$ITERATIONS$SALT$HASH" (hex)
    failures INTEGER NOT NULL DEFAULT 0, -- failed logins since the last success
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- A browser's login: only the cookie's SHA-256 is kept, as for admin tokens.
CREATE TABLE desk_session (
    id {{id}},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES desk_user(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,                  -- the token every form of the session carries
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Site-wide settings every process reads: publish = 'auto' | 'desk'.
CREATE TABLE desk_setting (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What the editors decided about a story, applied to its next published
-- version. NULL: the composer's choice stands. dropped and pinned are JSON
-- arrays of article ids (a take is one article's paragraph); merged holds the
-- ids of stories whose articles the editors added to this one (those are
-- hidden), split the ids of articles they took out of it: the composer reads
-- the story's members through both.
CREATE TABLE desk_story (
    story_key TEXT PRIMARY KEY,
    headline TEXT,
    intro TEXT,
    label TEXT,                          -- 'analysis', 'opinion', 'none'
    quote INTEGER,                       -- index into the draft's quote candidates
    background BIGINT,                   -- KB entity id
    dropped TEXT NOT NULL DEFAULT '[]',
    pinned TEXT NOT NULL DEFAULT '[]',
    merged TEXT NOT NULL DEFAULT '[]',
    split TEXT NOT NULL DEFAULT '[]',
    hidden INTEGER NOT NULL DEFAULT 0,
    reviewed_at BIGINT NOT NULL DEFAULT 0,
    flagged_at BIGINT NOT NULL DEFAULT 0,
    flag_reason TEXT
);

-- Every editorial action: who, when, on which story, what.
CREATE TABLE desk_audit (
    id {{id}},
    story_key TEXT,
    user_name TEXT NOT NULL,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX desk_audit_story ON desk_audit (story_key, at);

-- Webhook deliveries: one row per flagged story, retried with backoff.
CREATE TABLE desk_webhook (
    id {{id}},
    story_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    delivered_at BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
