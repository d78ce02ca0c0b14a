-- Work queues: a row per article a stage still has to do, written in the
-- transaction that makes the work (the article's insert, a new body, a new
-- analysis) and deleted in the one that stores the stage's result, so that a
-- pass reads only its queue instead of anti-joining every stored article.
-- Stages: 'extract' (a full-text source's page), 'text' (analysis of the
-- body), 'link' (entity linking of the analysis), 'story' (clustering).
-- A row whose work waits (an extraction failure due again at retry_at, a
-- link while there is no knowledge base) stays until the work is done.
-- Claims on the work stay in work_claim (leases that outlive a transaction).

CREATE TABLE work_queue (
    stage TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,          -- the stage's order: the article's fetch time
    queued_at BIGINT NOT NULL,   -- when the work was queued (stats: oldest work)
    PRIMARY KEY (stage, article_id)
);
CREATE INDEX work_queue_order ON work_queue(stage, at, article_id);

-- Existing databases: the work the stages' old anti-joins would find, once.
INSERT INTO work_queue (stage, article_id, at, queued_at)
SELECT 'extract', a.id, a.fetched_at, a.fetched_at FROM article a
JOIN source s ON s.id = a.source_id
LEFT JOIN article_extract e ON e.article_id = a.id
WHERE s.full_text = 1 AND (e.article_id IS NULL OR
      (e.status = 'failed' AND e.retry_at IS NOT NULL));

INSERT INTO work_queue (stage, article_id, at, queued_at)
SELECT 'text', a.id, a.fetched_at, a.fetched_at FROM article a
LEFT JOIN article_text t ON t.article_id = a.id
WHERE a.body IS NOT NULL AND (t.article_id IS NULL OR
      COALESCE(t.content_hash, '') <> COALESCE(a.body_hash, ''));

INSERT INTO work_queue (stage, article_id, at, queued_at)
SELECT 'link', a.id, a.fetched_at, a.fetched_at FROM article a
JOIN article_text t ON t.article_id = a.id
LEFT JOIN article_link l ON l.article_id = a.id
WHERE l.article_id IS NULL OR COALESCE(l.body_hash, '') <> COALESCE(a.body_hash, '');

INSERT INTO work_queue (stage, article_id, at, queued_at)
SELECT 'story', a.id, a.fetched_at, a.fetched_at FROM article a
WHERE NOT EXISTS (SELECT 1 FROM story_member m WHERE m.article_id = a.id);

-- Retention (omnibus prune --keep-bodies): the exact bytes of an article's
-- body that stored roundups show, kept when the body itself is dropped, so
-- that a published roundup still verifies against its sources.
CREATE TABLE article_excerpt (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    start_byte INTEGER NOT NULL,
    end_byte INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, start_byte, end_byte)
);
