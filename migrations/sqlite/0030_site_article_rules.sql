-- Issue 15 (WEB-ACCOUNT, 000 门户 §26): the accountability records (问责记录) of the units.
-- One row per article and kind: a policy document published after the policy window from
-- its 成文日期 (PUB-PROACTIVE), major information or a repost published after its deadline
-- (WEB-REPOST), or a published article withdrawn for an error (纠错撤稿). The column's
-- responsible unit is named; its principal files the written self-examination (书面检查),
-- which closes the record. The WEB-MAP and WEB-REPOST marks live in the article's snapshot.
CREATE TABLE site_accountability (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    article_id BIGINT NOT NULL REFERENCES site_articles(id),
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    due_at BIGINT,
    raised_at BIGINT NOT NULL,
    examination TEXT,
    examined_by BIGINT REFERENCES users(id),
    examined_at BIGINT,
    version BIGINT NOT NULL,
    UNIQUE (article_id, kind)
);
CREATE INDEX site_accountability_unit ON site_accountability(unit_id, id);
