-- Names an entity goes by in one language: titles, redirects, Wikidata labels
-- and aliases, and the text of links to it. norm is the lookup key (kb/norm.h);
-- origin is a bit set of where the name came from (store.h: KB_ORIGIN_*). No rowid: the primary key is the table.
CREATE TABLE kb_alias (
    lang TEXT NOT NULL,
    norm TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    origin SMALLINT NOT NULL,
    links BIGINT NOT NULL DEFAULT 0,  -- wiki links with this text to this entity
    PRIMARY KEY (lang, norm, entity_id)
) WITHOUT ROWID;
CREATE INDEX kb_alias_entity ON kb_alias(entity_id);
