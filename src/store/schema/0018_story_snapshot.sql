-- Snapshots of the clusterer's memory (story/stage.h), written by the holder
-- of the clustering role every so many articles or minutes and when it stops
-- cleanly: a new holder loads the newest one and clusters again only the
-- articles assigned after it, instead of every article ever stored. Every
-- article the memory holds was assigned at assigned_through or before, and
-- every later assignment is after it; assigned counts the assignments
-- (story_member rows) through then, so that a store changed under the
-- snapshot is noticed. Only the newest is kept.

CREATE TABLE story_snapshot (
    id {{id}},
    assigned_through BIGINT NOT NULL,
    assigned BIGINT NOT NULL,
    taken_at BIGINT NOT NULL,
    stories BIGINT NOT NULL,      -- stories in memory
    articles BIGINT NOT NULL,     -- articles in memory
    size BIGINT NOT NULL,         -- bytes of the memory (story_clusterer_save)
    data TEXT NOT NULL            -- those bytes, zlib-compressed, in base64
);
