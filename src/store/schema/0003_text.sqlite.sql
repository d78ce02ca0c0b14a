-- Full-text search over article titles and text. The 'omnibus' tokenizer
-- (src/store/fts_sqlite.c) stems every word with the Snowball stemmer of the
-- document's language, named by a marker at the start of each value, so that
-- "regeringen" finds "Regeringens". rowid is article.id.
CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize = 'omnibus');
CREATE TRIGGER article_fts_forget AFTER DELETE ON article BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
