-- The article's body: the plain text every later stage reads (analysis,
-- clustering, roundups). It is the text extraction found on the article's page
-- when there is one, else the readable text of the feed's content or summary.
-- Offsets stored by the text stage point into it, so a roundup's quoted
-- sentence is always a substring of this column; body_hash tells the text
-- stage when to analyse again.

ALTER TABLE article ADD COLUMN body TEXT;
ALTER TABLE article ADD COLUMN body_hash TEXT;

-- A source's page lists its newest articles: this index answers that query
-- (ORDER BY COALESCE(published_at, fetched_at) DESC, id DESC) without a sort.
CREATE INDEX article_source_recent ON article(source_id, COALESCE(published_at, fetched_at), id);
