-- Claims on per-article work (text analysis, extraction, clustering...), so
-- that any number of process workers, in one process or on many machines,
-- never do one article's stage twice at once. A claim is a lease: a worker
-- that dies loses it when lease_until passes, and another takes the work over.
-- The stage's own write removes the claim in the same transaction.

CREATE TABLE work_claim (
    stage TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    lease_until BIGINT NOT NULL,
    PRIMARY KEY (stage, article_id)
);
