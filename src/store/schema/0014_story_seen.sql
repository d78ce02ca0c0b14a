-- What the clusterer read of an article that changed after it was clustered
-- (a feed updated the item, its page was extracted late): a new holder of the
-- clustering role clusters every article again in the order taken to rebuild
-- the clusterer's memory exactly (story/stage.h), and must read what the
-- clusterer read then, not the article as it is now. Written, once, just
-- before the first change of a clustered article.

CREATE TABLE story_seen (
    article_id BIGINT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    title TEXT,
    authors TEXT,
    text TEXT,                 -- the body, else the summary
    lang TEXT,                 -- the article's, else its source's
    at BIGINT,                 -- published, else fetched
    entities TEXT NOT NULL     -- JSON array of the Wikidata ids linked in it
);

-- The rebuild reads the assignments in the order they were made.
CREATE INDEX story_member_assigned ON story_member(assigned_at);
