-- Issue 23: citizens' and enterprises' accounts (crates/accounts). A person (kind 'person')
-- or an enterprise (kind 'enterprise'), registered here with a phone verified by an SMS code
-- and a password (origin 'local'), or known from the unified identity provider by its
-- subject (origin 'oidc'). Personal data is sealed to its row (platform::personal); the
-- phone and the ID number have blind indexes to find an account without decrypting. The
-- enterprise's 统一社会信用代码 and name are public data and kept in clear. Failed logins
-- earn the staff's progressive delay (SEC-ACCOUNTS). A deleted account keeps its row with
-- every personal field erased (status 'deleted'), so that the audit log's references hold.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    subject TEXT,
    phone_hash TEXT,
    phone_sealed BLOB,
    password_hash TEXT,
    name_sealed BLOB,
    id_number_hash TEXT,
    id_number_sealed BLOB,
    uscc TEXT,
    enterprise_name TEXT,
    representative_id BIGINT,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    login_delay_until BIGINT,
    status TEXT NOT NULL,
    deletion_requested_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_subject ON accounts(origin, subject) WHERE subject IS NOT NULL;
CREATE INDEX accounts_phone ON accounts(phone_hash);
CREATE INDEX accounts_uscc ON accounts(uscc);

-- The persons who act for an enterprise (经办人), each authorised by the enterprise's legal
-- representative; a revoked authorisation keeps its row.
CREATE TABLE account_agents (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    authorised_by BIGINT NOT NULL,
    authorised_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX account_agents_enterprise ON account_agents(enterprise_id, person_id);

-- The SMS codes of registration and contact changes (platform::phone_code's columns).
CREATE TABLE account_phone_codes (
    id INTEGER PRIMARY KEY,
    phone_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX account_phone_codes_phone ON account_phone_codes(phone_hash, created_at);
