-- A roundup version written or removed moves the site generation, in the
-- writing transaction (as 0006_web.sqlite.sql does for sources and articles).
CREATE TRIGGER roundup_insert_generation AFTER INSERT ON roundup
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER roundup_update_generation AFTER UPDATE ON roundup
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER roundup_delete_generation AFTER DELETE ON roundup
BEGIN UPDATE site_generation SET value = value + 1 WHERE id = 1; END;
