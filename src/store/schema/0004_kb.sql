-- The knowledge base (src/kb/): entities from Wikipedia and Wikidata dumps, their
-- text per language, the alias index the linker looks names up in, redirects
-- awaiting their target, link texts awaiting their count, and the entity mentions found in articles.
-- kb_alias is engine-specific (0004_kb.sqlite.sql / 0004_kb.pg.sql) so that
-- SQLite can store its tens of millions of rows once, in the key's own B-tree.

-- One thing the world knows about. qid is the Wikidata ID when a dump gave one;
-- entities from dumps without IDs (pages-articles XML) are keyed by their page
-- title per language (kb_text.page) until a Wikidata import joins them.
CREATE TABLE kb_entity (
    id {{id}},
    qid TEXT UNIQUE,
    kind SMALLINT NOT NULL DEFAULT 0,      -- 0 article, 1 disambiguation page
    popularity BIGINT NOT NULL DEFAULT 0   -- Wikipedia editions with a page (sitelinks)
);

-- An entity's text in one language: what a background box shows.
CREATE TABLE kb_text (
    entity_id BIGINT NOT NULL REFERENCES kb_entity(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,          -- page title, else the Wikidata label
    page TEXT,                    -- the Wikipedia page title, when there is a page
    description TEXT,             -- Wikidata's short description
    extract TEXT,                 -- the opening paragraph, plain text
    url TEXT,
    licence TEXT,
    licence_url TEXT,
    revision BIGINT,              -- revision the text came from
    modified_at BIGINT,           -- that revision's time
    dump TEXT,                    -- the file it was imported from
    dump_date BIGINT,             -- the dump's date, when the file tells
    PRIMARY KEY (entity_id, lang)
);
CREATE UNIQUE INDEX kb_text_page ON kb_text(lang, page);

-- Redirects of dumps that list them as pages of their own (pages-articles XML),
-- kept until their target page is imported; then they become aliases.
CREATE TABLE kb_redirect (
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    norm TEXT NOT NULL,           -- title as an alias key (kb/norm.h)
    target TEXT NOT NULL,         -- page title, without a #section
    PRIMARY KEY (lang, title)
);
CREATE INDEX kb_redirect_target ON kb_redirect(lang, target);

-- Link texts of pages-articles dumps ([[target|text]]) counted during one import
-- run; when the run ends they become the link counts of aliases (the prior).
CREATE TABLE kb_anchor (
    lang TEXT NOT NULL,
    norm TEXT NOT NULL,
    target TEXT NOT NULL,         -- page title, without a #section
    name TEXT NOT NULL,
    links BIGINT NOT NULL,
    PRIMARY KEY (lang, norm, target)
);

-- Entity mentions found in an article's text (or title, or summary).
CREATE TABLE kb_mention (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    field SMALLINT NOT NULL,      -- 0 content, 1 title, 2 summary
    start_byte INTEGER NOT NULL,
    end_byte INTEGER NOT NULL,
    entity_id BIGINT REFERENCES kb_entity(id) ON DELETE SET NULL, -- NULL: not in the KB (NIL)
    surface TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, field, start_byte)
);
CREATE INDEX kb_mention_entity ON kb_mention(entity_id);
