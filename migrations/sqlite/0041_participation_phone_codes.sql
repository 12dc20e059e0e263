-- Issue 17 item 5 (abuse and spam): a message is submitted with a phone verified by a code
-- sent by SMS through the outbox (platform::notify). The phone and the code are kept as keyed
-- hashes (never in clear); a code lives ten minutes, is spent by its first right use and
-- burnt after five wrong ones; one code a minute and five a day per phone.
CREATE TABLE participation_phone_codes (
    id INTEGER PRIMARY KEY,
    phone_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX participation_phone_codes_phone ON participation_phone_codes(phone_hash, created_at);
