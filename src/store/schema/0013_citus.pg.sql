-- article.url is no longer unique on PostgreSQL: article_url holds the dedup
-- key, and Citus rejects a unique constraint without the distribution column
-- (article.id). SQLite keeps its UNIQUE, which would need a rebuild of the
-- article table to drop and can never fire there: every URL goes through
-- article_url first.
ALTER TABLE article DROP CONSTRAINT article_url_key;
