-- The 12345 knowledge base (KB-LIFE, KB-STATS): entries with an owner unit, a review date
-- and versions, and the record of every use.
--
-- `kb_entries` holds the working copy (what the owner unit edits). Every publication copies
-- it into `kb_versions`; what operators and the public search is the version row at
-- `current_version`, so a published entry being revised (status 'draft' or 'in_review'
-- again) stays searchable until the new version is published. `published_at` is set on
-- publication and cleared on withdrawal: an entry is searchable exactly when it is not
-- withdrawn and `published_at` is set.

CREATE TABLE kb_entries (
    id INTEGER PRIMARY KEY,
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'withdrawn')),
    -- the published version searched; 0 before the first publication
    current_version BIGINT NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    -- whitespace-separated search words
    keywords TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    review_due_at BIGINT,
    published_at BIGINT,
    -- the last user who wrote the working copy, and the hotline's last send-back reason
    edited_by BIGINT,
    review_note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX kb_entries_status ON kb_entries(status, review_due_at);
CREATE INDEX kb_entries_owner ON kb_entries(owner_unit_id, status);

-- Every published version is kept.
CREATE TABLE kb_versions (
    entry_id BIGINT NOT NULL REFERENCES kb_entries(id),
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    keywords TEXT NOT NULL DEFAULT '',
    edited_by BIGINT,
    reviewed_by BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (entry_id, version)
);

-- One row per use: an operator answering a call, or a citizen reading an answer.
CREATE TABLE kb_usage (
    id INTEGER PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES kb_entries(id),
    version BIGINT NOT NULL,
    used_at BIGINT NOT NULL,
    order_id BIGINT REFERENCES hotline_orders(id),
    channel TEXT NOT NULL CHECK (channel IN ('operator', 'public'))
);
CREATE INDEX kb_usage_entry ON kb_usage(entry_id, used_at);
CREATE INDEX kb_usage_at ON kb_usage(used_at, entry_id);
