-- Issue 15 item 6 (WEB-PERSONAL): citizens subscribe to a column by e-mail, with double
-- opt-in. The address is sealed (platform::personal) with a blind index to find a second
-- subscription of the same address; the confirmation token is kept only as a keyed hash.
-- Nothing is sent to an address before it is confirmed.
CREATE TABLE site_subscriptions (
    id INTEGER PRIMARY KEY,
    column_id BIGINT NOT NULL REFERENCES site_columns(id),
    email_sealed BLOB NOT NULL,
    email_lookup TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- The site's address the citizen subscribed from (https://domain or a /sites/ prefix):
    -- the links of its mails.
    base TEXT NOT NULL,
    confirmed_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (column_id, email_lookup)
);
CREATE INDEX site_subscriptions_column ON site_subscriptions(column_id, confirmed_at);

-- The articles whose publication was announced to the subscribers, once each: written in
-- the publishing transaction with the mails, so a republication mails nobody twice.
CREATE TABLE site_announced_articles (
    article_id BIGINT PRIMARY KEY REFERENCES site_articles(id),
    announced_at BIGINT NOT NULL
);
