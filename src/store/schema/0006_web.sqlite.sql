-- Moves the site generation on every write to a table the pages show. The
-- bump is part of the writing transaction, so readers see it with the data.

-- One row (id 1). Read before rendering: a page rendered after reading value
-- G shows data at least as new as G.
CREATE TABLE site_generation (
    id SMALLINT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO site_generation (id, value) VALUES (1, 1);

CREATE TRIGGER source_insert_generation AFTER INSERT ON source
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER source_update_generation AFTER UPDATE ON source
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER source_delete_generation AFTER DELETE ON source
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER feed_state_insert_generation AFTER INSERT ON feed_state
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER feed_state_update_generation AFTER UPDATE ON feed_state
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER feed_state_delete_generation AFTER DELETE ON feed_state
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER article_insert_generation AFTER INSERT ON article
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER article_update_generation AFTER UPDATE ON article
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER article_delete_generation AFTER DELETE ON article
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
