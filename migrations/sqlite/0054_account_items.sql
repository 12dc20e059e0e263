-- Issue 23 (我的空间): the business linked to an account — a 12345 appeal, a service case,
-- a disclosure application, an e-participation message — filed while logged in ('filed')
-- or claimed later with its number and query code ('claimed'). One business belongs to one
-- account at most.
CREATE TABLE account_items (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    number TEXT NOT NULL,
    how TEXT NOT NULL,
    linked_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX account_items_object ON account_items(kind, object_id);
CREATE INDEX account_items_account ON account_items(account_id, linked_at);
