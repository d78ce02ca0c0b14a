-- The site's stories: the front page lists the latest roundup of
-- every story, most recently composed first. A new roundup version moves the
-- site generation (0010_web_stories.sqlite.sql / .pg.sql), so cached story
-- pages, the front page and the feeds are rendered again.

CREATE INDEX roundup_composed ON roundup (composed_at);
