-- Sources, their fetch state, and articles as the feeds describe them.
-- Portable SQL for SQLite and PostgreSQL: {{id}} becomes each engine's
-- auto-numbered primary key; times are UTC seconds since the epoch (BIGINT);
-- flags are SMALLINT 0/1; lists (authors, categories) are JSON arrays in TEXT.

CREATE TABLE source (
    id {{id}},
    name TEXT NOT NULL,
    site_url TEXT,
    feed_url TEXT NOT NULL UNIQUE,
    lang TEXT,
    country TEXT,
    kind TEXT NOT NULL DEFAULT 'news',
    owner TEXT,
    stance TEXT,
    full_text SMALLINT NOT NULL DEFAULT 0,
    allow_private SMALLINT NOT NULL DEFAULT 0,
    enabled SMALLINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

-- One row per source: what the last fetch learnt, and when the next is due.
CREATE TABLE feed_state (
    source_id BIGINT PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
    etag TEXT,
    last_modified TEXT,
    last_fetch_at BIGINT,
    last_success_at BIGINT,
    last_status INTEGER,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_at BIGINT NOT NULL DEFAULT 0,
    ill_formed SMALLINT NOT NULL DEFAULT 0,
    ill_formed_reason TEXT,
    feed_title TEXT,
    items_seen BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until BIGINT
);
CREATE INDEX feed_state_due ON feed_state(next_fetch_at);

CREATE TABLE article (
    id {{id}},
    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    url TEXT NOT NULL UNIQUE,          -- canonical form (base/url.h)
    link TEXT,                         -- as the feed gave it, resolved
    guid TEXT,
    title TEXT,
    authors TEXT,                      -- JSON array of names
    published_at BIGINT,
    updated_at BIGINT,
    fetched_at BIGINT NOT NULL,
    summary TEXT,
    content TEXT,
    categories TEXT,                   -- JSON array
    image_url TEXT,
    image_caption TEXT,
    image_credit TEXT,
    lang TEXT,
    content_hash TEXT
);
CREATE INDEX article_source ON article(source_id, published_at);
CREATE INDEX article_guid ON article(source_id, guid);
CREATE INDEX article_fetched ON article(fetched_at);
