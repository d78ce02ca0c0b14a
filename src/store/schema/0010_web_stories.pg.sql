-- A roundup version written or removed moves the site generation, once per
-- statement (site_generation_bump comes from 0006_web.pg.sql).
CREATE TRIGGER roundup_generation AFTER INSERT OR UPDATE OR DELETE ON roundup
    FOR EACH STATEMENT EXECUTE FUNCTION site_generation_bump();
