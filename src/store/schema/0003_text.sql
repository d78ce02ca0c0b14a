-- The text stage's results per article: language, sentences, quotes with
-- speakers, name candidates. Offsets are byte offsets into article.body (0008),
-- half-open [start_byte, end_byte): every sentence a roundup quotes links back
-- to its place in the source article. One analysis per article; a new one
-- replaces it (content_hash holds the body_hash analysed, which tells whether
-- the body changed since).

CREATE TABLE article_text (
    article_id BIGINT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    lang TEXT,                          -- ISO 639-1, NULL when unknown
    lang_confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
    invalid_utf8 INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT,                  -- article.body_hash that was analysed
    analysed_at BIGINT NOT NULL
);

CREATE TABLE article_sentence (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE article_quote (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte INTEGER NOT NULL,
    speaker TEXT,                       -- as written, NULL when the text does not say
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,                           -- "säger", "said", "according to"
    cue_start INTEGER,
    cue_end INTEGER,
    dialogue SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE article_name (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- phrase, acronym, quoted
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX article_name_name ON article_name(name);
