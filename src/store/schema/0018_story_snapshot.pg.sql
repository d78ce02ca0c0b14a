-- The snapshot's text is compressed already: PostgreSQL keeps it out of line
-- as it is instead of trying to compress it again on every write and
-- decompress it on every read.
ALTER TABLE story_snapshot ALTER COLUMN data SET STORAGE EXTERNAL;
