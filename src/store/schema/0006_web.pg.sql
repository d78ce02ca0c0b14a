-- Moves the site generation once per statement that writes a table the pages
-- show; the row lock it takes lasts only until that transaction ends.

-- One row (id 1). Read before rendering: a page rendered after reading value
-- G shows data at least as new as G.
CREATE TABLE site_generation (
    id SMALLINT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO site_generation (id, value) VALUES (1, 1);

CREATE FUNCTION site_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_generation SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER source_generation AFTER INSERT OR UPDATE OR DELETE ON source
    FOR EACH STATEMENT EXECUTE FUNCTION site_generation_bump();
CREATE TRIGGER feed_state_generation AFTER INSERT OR UPDATE OR DELETE ON feed_state
    FOR EACH STATEMENT EXECUTE FUNCTION site_generation_bump();
CREATE TRIGGER article_generation AFTER INSERT OR UPDATE OR DELETE ON article
    FOR EACH STATEMENT EXECUTE FUNCTION site_generation_bump();
