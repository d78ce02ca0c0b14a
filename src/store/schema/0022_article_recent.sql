-- The newest articles of every source together (store_article_list with no
-- source: the front page, the site's feed): without this index the listing
-- read and sorted the whole article table, bodies and all, on every render
-- (on the soak's 11,626 articles SQLite's memory rose to 47 MiB for one
-- render of the front page, 7.6 MiB with it), so a page cost what is stored.
CREATE INDEX article_recent ON article(COALESCE(published_at, fetched_at), id);
