-- What editors decide shows on the public pages: a write moves the site
-- generation, as roundup writes do (0010_web_stories.sqlite.sql).
CREATE TRIGGER desk_story_insert_generation AFTER INSERT ON desk_story
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER desk_story_update_generation AFTER UPDATE ON desk_story
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER desk_story_delete_generation AFTER DELETE ON desk_story
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
