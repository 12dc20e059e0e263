-- Issue 12, finding 13 (SVC-NO-RESUBMIT): before materials on file are offered or reused
-- online, the applicant proves they hold the phone with a code sent to it by SMS
-- (services::usecase::phone_check). Codes and grants are kept only as keyed hashes.
CREATE TABLE svc_phone_checks (
    id INTEGER PRIMARY KEY,
    -- the keyed hash of the applicant's ID number (svc_cases.applicant_lookup)
    applicant_lookup TEXT NOT NULL,
    -- the keyed hash of the phone the code was sent to
    phone_hash TEXT NOT NULL,
    -- the keyed hash of the check token the page keeps to name this code
    check_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    -- epoch ms: until when the code may be typed, then (once verified) the grant lives
    expires_at BIGINT NOT NULL,
    -- wrong codes typed
    attempts BIGINT NOT NULL DEFAULT 0,
    verified_at BIGINT,
    -- the keyed hash of the grant the application form carries to its submission
    grant_hash TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX svc_phone_checks_phone ON svc_phone_checks(phone_hash, created_at);
CREATE INDEX svc_phone_checks_check ON svc_phone_checks(check_hash);
CREATE INDEX svc_phone_checks_applicant ON svc_phone_checks(applicant_lookup, phone_hash);
