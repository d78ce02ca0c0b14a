-- The web layer: admin API tokens, kept only as hashes, and the site
-- generation, a counter that every change to what the pages show moves, so
-- rendered pages can be cached until it does. The triggers that move it are
-- engine-specific (0006_web.sqlite.sql, 0006_web.pg.sql), and so is the counter's
-- table: it is derived state, which `omnibus migrate` does not copy. A later table whose
-- rows appear on pages (stories, topics) adds the same triggers.

CREATE TABLE admin_token (
    id {{id}},
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,   -- lower-case hex SHA-256 of the token
    created_at BIGINT NOT NULL
);
