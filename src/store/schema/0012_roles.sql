-- Roles that one worker at a time may hold (clustering: the clusterer keeps
-- its state in memory, so two at once would split stories by racing), as
-- leases that a dead worker loses; and which version of each story the
-- roundups were last composed for.

CREATE TABLE role_lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);

CREATE TABLE story_composed (
    story_id BIGINT PRIMARY KEY REFERENCES story(id) ON DELETE CASCADE,
    updated_at BIGINT NOT NULL    -- story.updated_at when its roundups were composed
);
