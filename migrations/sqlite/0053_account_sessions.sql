-- Issue 23: the sessions of citizens' and enterprises' accounts (cookie zw_citizen, apart
-- from the staff's sessions), kept by the SM3 hash of their token; `acting_for` is the
-- enterprise an agent acts for. The ID token of a unified-identity login is sealed, for the
-- provider's logout (id_token_hint).
CREATE TABLE account_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL,
    acting_for BIGINT,
    id_token_sealed BLOB,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions(account_id);

-- A login through the unified identity provider under way: the state sent to the provider
-- (its hash), bound to the browser by the hash of a cookie's value, with the nonce and the
-- PKCE verifier sealed. Spent (deleted) by the first callback that names it: a replayed
-- state finds nothing.
CREATE TABLE account_oidc_flows (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    secrets_sealed BLOB NOT NULL,
    expires_at BIGINT NOT NULL
);

-- The installation's unified identity provider (one row, id 1): issuer, client, the
-- redirect address, and which claims carry the name, ID number, phone and 统一社会信用代码.
-- The client secret is sealed.
CREATE TABLE account_identity_provider (
    id BIGINT PRIMARY KEY,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret_sealed BLOB NOT NULL,
    redirect_url TEXT NOT NULL,
    post_logout_url TEXT NOT NULL,
    display_name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    claim_name TEXT NOT NULL,
    claim_id_number TEXT NOT NULL,
    claim_phone TEXT NOT NULL,
    claim_uscc TEXT NOT NULL,
    claim_enterprise_name TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
