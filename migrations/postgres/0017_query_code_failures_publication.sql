-- Issue 12, findings 3 and 12.
--
-- Failed lookups per public number (SVC-STATUS, HL-REGISTER; platform::query_code): every
-- lookup with a wrong query code counts against the number typed, whether such a number
-- exists or not, from any client; after `security.query_code_lock_after_failures` failures
-- the number is locked for `security.query_code_lock_minutes`, doubled at each further
-- lock (at most a day). A lookup with the right code deletes the row.
CREATE TABLE query_code_failures (
    -- 'hotline' (appeals) or 'services' (cases)
    scope TEXT NOT NULL,
    -- the number as typed, trimmed and in capitals
    number TEXT NOT NULL,
    -- failed lookups since the last right one
    failures BIGINT NOT NULL,
    -- epoch ms until which every lookup of the number is refused; 0 when not locked
    locked_until BIGINT NOT NULL DEFAULT 0,
    last_failure_at BIGINT NOT NULL,
    PRIMARY KEY (scope, number)
);
CREATE INDEX query_code_failures_last ON query_code_failures(last_failure_at);

-- Publication of an appeal through Open311 is the appellant's choice (HL-PRIVACY): 1 when
-- they agreed to publish the content without personal data (同意公开诉求内容（不含个人信息）).
-- Appeals stored before this migration did not agree: 0.
ALTER TABLE hotline_appeals ADD COLUMN publish_consent INTEGER NOT NULL DEFAULT 0;
-- What Open311 may publish of an appeal that agreed and is not a complaint: the content and
-- the location with what looks like personal data masked (hotline::publication::redact),
-- written at registration while the appellant's name is at hand. NULL otherwise.
ALTER TABLE hotline_appeals ADD COLUMN published_content TEXT;
ALTER TABLE hotline_appeals ADD COLUMN published_location TEXT;
