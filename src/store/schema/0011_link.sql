-- Which analysed articles the entity linker has read, and which body it read:
-- the pipeline links an article again when its body changes.

CREATE TABLE article_link (
    article_id BIGINT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    body_hash TEXT,
    linked_at BIGINT NOT NULL
);
