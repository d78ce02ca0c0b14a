-- A source's categories, as OPML's category attribute writes them: comma-
-- separated, each a slash-delimited path ("/News/Sweden,local"). Imported
-- from nested outlines and category attributes, exported back the same way.
ALTER TABLE source ADD COLUMN categories TEXT;
