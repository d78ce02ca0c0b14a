-- Stories: the articles of many outlets about one real-world event (src/story/).
-- A story's id is given by the clusterer and stays with the story that survives
-- a merge or a split. Counts and lists are derived from the members when the
-- clusterer touches a story; lists are JSON arrays in TEXT.

CREATE TABLE story (
    id BIGINT PRIMARY KEY,
    headline TEXT,                     -- provisional: the title of the most central member
    first_seen BIGINT,
    last_seen BIGINT,
    articles INTEGER NOT NULL DEFAULT 0,
    outlets INTEGER NOT NULL DEFAULT 0,
    newsrooms INTEGER NOT NULL DEFAULT 0, -- independent ones: copies and one owner's outlets count once
    languages TEXT,
    countries TEXT,
    top_terms TEXT,
    top_names TEXT,
    merged_into BIGINT,                -- the story that absorbed this one
    updated_at BIGINT NOT NULL
);
CREATE INDEX story_last_seen ON story(last_seen);

-- Every article the clusterer has seen: its story (NULL when it could not be
-- clustered, with the reason in note), and whether it is a near-duplicate.
CREATE TABLE story_member (
    article_id BIGINT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    story_id BIGINT REFERENCES story(id),
    similarity DOUBLE PRECISION,
    copy_of BIGINT REFERENCES article(id) ON DELETE SET NULL, -- the original of a near-duplicate
    newsroom TEXT,                     -- wire:AP, owner:..., outlet:ID or article:ID
    note TEXT,
    assigned_at BIGINT NOT NULL
);
CREATE INDEX story_member_story ON story_member(story_id);
CREATE INDEX story_member_copy ON story_member(copy_of);

-- Merges (every article of from_story went to into_story) and splits (some did).
CREATE TABLE story_merge (
    id {{id}},
    kind TEXT NOT NULL,                -- 'merge' or 'split'
    from_story BIGINT NOT NULL,
    into_story BIGINT NOT NULL,
    articles INTEGER NOT NULL,         -- how many moved
    happened_at BIGINT NOT NULL
);
CREATE INDEX story_merge_from ON story_merge(from_story);
CREATE INDEX story_merge_into ON story_merge(into_story);
