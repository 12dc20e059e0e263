-- Issue 20 (DATA-ACCOUNTS; 000 共享 §14, §5(五)): the register of the sharing platform's
-- accounts and the handovers of staff changes.
--
-- sharing_accounts: an office account (user_id, of unit_id) allocated a platform account by
-- the administrator (allocated_by) for a purpose; status 'active', 'handover' (its holder is
-- handing over: suspended until the handover is filed) or 'closed' (by a filed handover).
--
-- sharing_handovers: a staff change of the holder of account_id to the holder of
-- to_account_id (same unit): the reason, what is handed over (items, one a line), both
-- parties' confirmation (who and when: the leaving party's may be their leader's), the
-- administrator's filing; status 'open', 'filed' or 'cancelled' (with its note).
--
-- sharing_grants.code_user_id: who issued the grant's current code; while that account is
-- handing over the gateway refuses the code, and filing the handover voids it.

ALTER TABLE sharing_grants ADD COLUMN code_user_id BIGINT;

CREATE TABLE sharing_accounts (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    allocated_at BIGINT NOT NULL,
    allocated_by BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX sharing_accounts_user ON sharing_accounts(user_id, status);
CREATE INDEX sharing_accounts_unit ON sharing_accounts(unit_id, id);

CREATE TABLE sharing_handovers (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES sharing_accounts(id),
    to_account_id BIGINT NOT NULL REFERENCES sharing_accounts(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    from_user_id BIGINT NOT NULL,
    to_user_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    items TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    opened_by BIGINT NOT NULL,
    from_confirmed_at BIGINT,
    from_confirmed_by BIGINT,
    to_confirmed_at BIGINT,
    to_confirmed_by BIGINT,
    filed_at BIGINT,
    filed_by BIGINT,
    cancelled_at BIGINT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sharing_handovers_unit ON sharing_handovers(unit_id, id);
