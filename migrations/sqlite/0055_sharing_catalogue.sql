-- Issue 20 (DATA-CLASS, DATA-CATALOG, DATA-RESOURCE, DATA-WITHDRAW, DATA-REQUEST, DATA-CROSS,
-- DATA-DEMAND, DATA-GRANT; 000 共享): the data-sharing catalogue, requests, demands and grants
-- on the workflow kernel.
--
-- Entries, requests and demands are snapshots of the pure machines (crates/sharing) with
-- the columns the lists read; each has its history table and its clocks on the shared clock
-- table (subject types 'sharing_entry', 'sharing_request', 'sharing_demand').
-- A grant is made by a request's approval: the fields granted (comma-separated codes), the
-- recorded approval time and end, the consumer's authorization code kept only as its SM3
-- hash (code_hash: NULL until the consumer issues it; shown once, a new one replaces it), and
-- its rate limit per second.

CREATE TABLE sharing_entries (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    provider_unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    class TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX sharing_entries_provider ON sharing_entries(provider_unit_id, id);
CREATE INDEX sharing_entries_status ON sharing_entries(status, id);

CREATE TABLE sharing_entry_events (
    id INTEGER PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES sharing_entries(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sharing_entry_events_entry ON sharing_entry_events(entry_id, id);

CREATE TABLE sharing_requests (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    consumer_unit_id BIGINT NOT NULL REFERENCES units(id),
    provider_unit_id BIGINT NOT NULL REFERENCES units(id),
    entry_id BIGINT NOT NULL REFERENCES sharing_entries(id),
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    submitted_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sharing_requests_number ON sharing_requests(number);
CREATE INDEX sharing_requests_consumer ON sharing_requests(consumer_unit_id, id);
CREATE INDEX sharing_requests_provider ON sharing_requests(provider_unit_id, status, id);
CREATE INDEX sharing_requests_status ON sharing_requests(status, id);

CREATE TABLE sharing_request_events (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES sharing_requests(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sharing_request_events_request ON sharing_request_events(request_id, id);

CREATE TABLE sharing_demands (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    consumer_unit_id BIGINT NOT NULL REFERENCES units(id),
    provider_unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    filed_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sharing_demands_number ON sharing_demands(number);
CREATE INDEX sharing_demands_status ON sharing_demands(status, id);

CREATE TABLE sharing_demand_events (
    id INTEGER PRIMARY KEY,
    demand_id BIGINT NOT NULL REFERENCES sharing_demands(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sharing_demand_events_demand ON sharing_demand_events(demand_id, id);

CREATE TABLE sharing_grants (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES sharing_requests(id),
    consumer_unit_id BIGINT NOT NULL REFERENCES units(id),
    provider_unit_id BIGINT NOT NULL REFERENCES units(id),
    entry_id BIGINT NOT NULL REFERENCES sharing_entries(id),
    resource_id BIGINT NOT NULL,
    fields TEXT NOT NULL,
    api BIGINT NOT NULL,
    approved_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    last_used_at BIGINT,
    code_hash TEXT,
    rate_per_second BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sharing_grants_code ON sharing_grants(code_hash);
CREATE UNIQUE INDEX sharing_grants_request ON sharing_grants(request_id);
CREATE INDEX sharing_grants_consumer ON sharing_grants(consumer_unit_id, id);
CREATE INDEX sharing_grants_provider ON sharing_grants(provider_unit_id, id);
