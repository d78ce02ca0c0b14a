-- Shaping the schema for Citus (docs/scale-out.md, "Citus"): article and the
-- tables that hang off it are distributed by the article id, so a unique
-- constraint there cannot span all articles. The global dedup key, the
-- canonical URL, moves to this lookup table, which Citus distributes by the
-- URL itself; store_article_put writes it in the article's transaction and
-- finds an article by URL here. A URL maps to one article; an article may
-- have several URLs (a feed that changed its links keeps the old one too).
-- The foreign key holds on one PostgreSQL server and on SQLite; Citus cannot
-- keep it (the two tables are sharded by different columns), so the commands
-- that distribute the tables drop it (src/store/schema/citus.tsv).

CREATE TABLE article_url (
    url TEXT PRIMARY KEY,              -- canonical form (base/url.h)
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE
);
CREATE INDEX article_url_article ON article_url(article_id);
INSERT INTO article_url (url, article_id) SELECT url, id FROM article;
