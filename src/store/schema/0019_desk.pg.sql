-- What editors decide shows on the public pages: a write moves the site
-- generation, as roundup writes do (0010_web_stories.pg.sql).
CREATE TRIGGER desk_story_generation AFTER INSERT OR UPDATE OR DELETE ON desk_story
    FOR EACH STATEMENT EXECUTE FUNCTION site_generation_bump();
