-- Issue 21 part B (NET-IPAM; 000 外网 §5(三)): the extranet's address pools, their free
-- space, the allocations to units (each tied to an access application) and the internal
-- domain names.
--
-- Addresses are keys of 32 hex digits (an IPv4 address in the low 32 bits), so that their
-- order is the text order (on PostgreSQL the keys are COLLATE "C"). A pool's free space is a
-- set of aligned prefixes (the buddy carving of crates/extranet/src/ipam/space.rs): an
-- allocation only ever comes out of one free block, so allocations never overlap; every
-- allocation of a pool runs with the pool's row locked (FOR UPDATE on PostgreSQL; SQLite has
-- one writer), re-checks the allocations' table for an overlap, and keeps the pool's count
-- of used addresses (decimal text: an IPv6 pool counts past 64 bits).

CREATE TABLE extranet_pools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    length BIGINT NOT NULL,
    start_key TEXT NOT NULL,
    end_key TEXT NOT NULL,
    used TEXT NOT NULL DEFAULT '0',
    description TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX extranet_pools_start ON extranet_pools(family, start_key);

CREATE TABLE extranet_free_blocks (
    id INTEGER PRIMARY KEY,
    pool_id BIGINT NOT NULL REFERENCES extranet_pools(id),
    length BIGINT NOT NULL,
    start_key TEXT NOT NULL,
    end_key TEXT NOT NULL
);
CREATE UNIQUE INDEX extranet_free_blocks_start ON extranet_free_blocks(pool_id, start_key);
-- Next-free by best fit: the longest length not above the one asked, lowest first.
CREATE INDEX extranet_free_blocks_fit ON extranet_free_blocks(pool_id, length DESC, start_key);

CREATE TABLE extranet_allocations (
    id INTEGER PRIMARY KEY,
    pool_id BIGINT NOT NULL REFERENCES extranet_pools(id),
    family TEXT NOT NULL,
    length BIGINT NOT NULL,
    start_key TEXT NOT NULL,
    end_key TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    application_id BIGINT NOT NULL REFERENCES extranet_applications(id),
    status TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- 1 while allocated, 0 once reclaimed (kept as the ledger's history).
    active BIGINT NOT NULL,
    -- NET-LEDGER: 1 while the unit is cut off (阻断) and its addresses marked.
    blocked BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    reclaimed_at BIGINT
);
-- Two live allocations never start at the same address of a pool (the carving prevents any
-- overlap; this is the database's own last word on the simplest one).
CREATE UNIQUE INDEX extranet_allocations_live ON extranet_allocations(pool_id, start_key) WHERE active = 1;
CREATE INDEX extranet_allocations_unit ON extranet_allocations(unit_id, active);
CREATE INDEX extranet_allocations_application ON extranet_allocations(application_id);

-- Internal domain names (内网域名) and the address each points to, inside a live allocation.
CREATE TABLE extranet_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    address_key TEXT NOT NULL,
    allocation_id BIGINT NOT NULL REFERENCES extranet_allocations(id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX extranet_names_name ON extranet_names(name);
CREATE INDEX extranet_names_allocation ON extranet_names(allocation_id);
