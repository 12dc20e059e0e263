-- Issue 12 finding 7 (SEC-ACCOUNTS): no hard lock any more. After the rule profile's number of
-- failed logins an account's attempts are refused until a delay that doubles with each further
-- failure (1 s, 2 s, 4 s … up to the profile's cap) has passed; `failed_attempts` counts the
-- failures since the last success and this column holds when the delay ends.
ALTER TABLE users RENAME COLUMN locked_until TO login_delay_until;

-- Issue 12 finding 4 (SEC-ACCOUNTS): every credential reset a staff member asks for in the back
-- office (platform::users::resets). A reset of an account holding one of the three
-- administrator roles waits ('pending') for a second administrator — not the requester, not
-- the account itself — who applies it ('applied') or refuses it ('refused'); an ordinary
-- account's reset is applied at once. The rows also prove that one person never resets both
-- factors of one account within 24 hours. The command line's break-glass reset on the server
-- writes only its audit row.
CREATE TABLE credential_resets (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    -- platform::users::resets::Factor::code
    factor TEXT NOT NULL CHECK (factor IN ('password', 'totp')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'refused')),
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT
);
CREATE INDEX credential_resets_user ON credential_resets(user_id, requested_at);
CREATE INDEX credential_resets_status ON credential_resets(status, requested_at);
-- One waiting request per account and factor.
CREATE UNIQUE INDEX credential_resets_one_pending ON credential_resets(user_id, factor)
    WHERE status = 'pending';
