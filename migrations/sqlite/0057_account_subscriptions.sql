-- Issue 23 (我的空间, WEB-PERSONAL): a logged-in person's subscriptions to site columns —
-- kept with the account, no e-mail needed (the e-mail subscriptions of issue 15 are
-- site_subscriptions); new articles of a subscribed column reach the person as messages
-- of the platform (account_messages). Deleting the account deletes its subscriptions.
CREATE TABLE account_subscriptions (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL,
    column_id BIGINT NOT NULL REFERENCES site_columns(id),
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, column_id)
);
CREATE INDEX account_subscriptions_column ON account_subscriptions(column_id);
