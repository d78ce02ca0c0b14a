-- Full-text search on PostgreSQL: one tsvector per analysed article, its title
-- weighted A and its body B, built with the text search configuration of the
-- article's language ('simple' when we do not model it) by store_text_put
-- (text_store.c), which also names the configuration. The row hangs off
-- article_text, so replacing or deleting the analysis (or the article) drops
-- it; copy.c leaves it out (a table of this file only), as it leaves out
-- SQLite's FTS5 index.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES article_text(article_id) ON DELETE CASCADE,
    config REGCONFIG NOT NULL,          -- what parsed and stemmed doc
    doc TSVECTOR NOT NULL
);
CREATE INDEX article_search_doc ON article_search USING GIN (doc);

-- OR of tsqueries: a query in several languages' stems matches a document
-- when any language's reading of it does (tsquery_or drops empty operands,
-- the queries of words that are stop words in that language).
CREATE AGGREGATE tsquery_or_all(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);
