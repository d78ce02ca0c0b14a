-- The stories the composer looks at on every pass (store_stories_to_compose:
-- those last seen within its horizon, not merged away, of two articles or
-- more, composed before their last change or never): a partial index that
-- holds only the stories that may be composed, with every column the scan
-- reads, so that a pass reads neither the one-article stories (most of
-- them) nor the story rows, only this index and story_composed.
CREATE INDEX story_compose_scan ON story(last_seen, updated_at, id, articles, merged_into)
WHERE merged_into IS NULL AND articles >= 2;
