-- Issue 23 (我的空间): the platform's messages to a person — a business of theirs concluded
-- or answered, a reply published, a new article in a subscribed column. One message per
-- event (`event_key` unique per account), so refreshing the space never repeats one;
-- `read_at` is set when the person has seen it. Deleting the account deletes its messages.
CREATE TABLE account_messages (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL,
    event_key TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (account_id, event_key)
);
CREATE INDEX account_messages_account ON account_messages(account_id, created_at);
