-- 定时撤稿 (issue 15 item 4): the instant a published article's planned withdrawal comes, so
-- the scheduler finds the due ones by index; NULL when none is planned.
ALTER TABLE site_articles ADD COLUMN withdraw_at BIGINT;
CREATE INDEX site_articles_withdraw_at ON site_articles (withdraw_at) WHERE withdraw_at IS NOT NULL;
