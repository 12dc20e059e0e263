-- Issue 23 item 1: the unified identity provider's configuration page. The system
-- administrator switches the provider on or off without losing its settings; a provider
-- stored before this migration stays on (the login offered it).
ALTER TABLE account_identity_provider ADD COLUMN enabled BIGINT NOT NULL DEFAULT 1;
