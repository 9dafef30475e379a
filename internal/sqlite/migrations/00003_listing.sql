-- Faster story reads. entities: the brief's first entities (binary,
-- briefcodec.go) in a column of their own for a light listing (StoryList),
-- so that listing a page of stories does not decode every listed story's
-- whole brief (most of the cost of GET /api/stories). brief_bin: the brief
-- in a binary form that decodes 20x faster than the JSON in brief. Both
-- are written by PutStory and NULL for stories stored before this version,
-- which are read from the JSON instead.

-- +goose Up
ALTER TABLE stories ADD COLUMN entities BLOB;
ALTER TABLE stories ADD COLUMN brief_bin BLOB;

-- +goose Down
ALTER TABLE stories DROP COLUMN brief_bin;
ALTER TABLE stories DROP COLUMN entities;
