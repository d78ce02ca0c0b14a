-- Roundups: every published version of a story's roundup in each
-- reader language, with when it was composed and what changed since the
-- version before ("+2 sources", "new headline"), so a story page can say
-- "Updated 14:32: 2 more sources". body is the roundup as JSON (every shown
-- sentence with its article id, byte offsets into article.body and url);
-- members is the JSON array of member article ids it was composed from.

CREATE TABLE roundup (
    id {{id}},
    story_key TEXT NOT NULL,        -- "story:42", or what the caller names it
    lang TEXT NOT NULL,             -- the reader language, ISO 639-1
    version INTEGER NOT NULL,       -- 1, 2, ... per story_key and lang
    composed_at BIGINT NOT NULL,
    headline TEXT NOT NULL,
    members TEXT NOT NULL,
    change TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (story_key, lang, version)
);
