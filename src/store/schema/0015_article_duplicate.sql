-- An item whose URL is another source's article: the article stays its first
-- source's (a feed must not take over another outlet's article by naming its
-- URL), and the second source is recorded here as also carrying it.
CREATE TABLE article_duplicate (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    url TEXT NOT NULL,         -- the link as the second source gave it
    seen_at BIGINT NOT NULL,   -- when it was first seen there
    PRIMARY KEY (article_id, source_id)
);
