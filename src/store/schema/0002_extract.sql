-- What extraction found on each article's own page: the main text
-- (plain and sanitized HTML), byline, dates, language, site name, excerpt and
-- the lead image with its caption and photo credit — or why it failed. One row
-- per article extraction has tried; an article of a full-text source without
-- a row is still to do. The article row keeps the feed's own text as the
-- fallback. Times are UTC seconds; byline is a JSON array of names.

CREATE TABLE article_extract (
    article_id BIGINT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
    status TEXT NOT NULL,              -- 'ok' or 'failed'
    error TEXT,                        -- why the last attempt failed, for a person
    attempts INTEGER NOT NULL DEFAULT 1,
    extracted_at BIGINT NOT NULL,      -- the last attempt
    retry_at BIGINT,                   -- when a failure may be tried again; NULL: never
    page_url TEXT,                     -- the page read, after redirects
    title TEXT,
    byline TEXT,
    published_at BIGINT,
    modified_at BIGINT,
    lang TEXT,
    site_name TEXT,
    excerpt TEXT,
    text TEXT,
    html TEXT,
    image_url TEXT,
    image_caption TEXT,
    image_credit TEXT                  -- NULL: the page credits no one
);
CREATE INDEX article_extract_retry ON article_extract(status, retry_at);
