-- Online government services (SVC-*): the item catalogue with every version kept
-- (SVC-ITEM-LIFE), the negative list (SVC-NEG-LIST), cases as JSON snapshots with optimistic
-- versions and sealed applicant identity, their history, the applicant's materials on file
-- and the e-licence library (SVC-NO-RESUBMIT, SVC-ELICENCE).
-- Clocks live in the shared `clocks` table (subject_type 'case', subject_id the case id).

CREATE TABLE svc_items (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    current_version BIGINT NOT NULL,
    status TEXT NOT NULL,
    department_unit_id BIGINT NOT NULL REFERENCES units(id),
    item_type TEXT NOT NULL,
    -- target codes joined by ',' (natural_person, legal_person)
    target TEXT NOT NULL,
    case_type TEXT NOT NULL,
    name TEXT NOT NULL,
    published_version BIGINT,
    -- the legal basis as claimed from the upper catalogue (legal review trigger)
    catalogue_basis TEXT NOT NULL,
    -- JSON array: suspensions, resumptions, termination with reasons and documents
    notes TEXT NOT NULL DEFAULT '[]',
    -- optimistic version of the record
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX svc_items_department ON svc_items(department_unit_id, status);
CREATE INDEX svc_items_type ON svc_items(item_type, status);

-- Every version of every item, kept for ever (SVC-ITEM-LIFE).
CREATE TABLE svc_item_versions (
    item_id BIGINT NOT NULL REFERENCES svc_items(id),
    version BIGINT NOT NULL,
    -- versioned JSON envelope of the whole Item (guide elements)
    snapshot TEXT NOT NULL,
    -- draft | published | superseded
    status TEXT NOT NULL,
    published_at BIGINT,
    -- JSON array of review opinions
    reviews TEXT NOT NULL DEFAULT '[]',
    legal_review_required INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, version)
);

-- SVC-NEG-LIST: items not handled in the hall, with reason and approving document.
CREATE TABLE svc_negative_list (
    item_id BIGINT PRIMARY KEY REFERENCES svc_items(id),
    reason TEXT NOT NULL,
    approving_document TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Per-day sequence of case numbers (SV20261123000001).
CREATE TABLE svc_case_number_seq (
    day TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

CREATE TABLE svc_cases (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    item_id BIGINT NOT NULL REFERENCES svc_items(id),
    item_version BIGINT NOT NULL,
    department_unit_id BIGINT NOT NULL REFERENCES units(id),
    applicant_id BIGINT NOT NULL,
    applicant_name_sealed BLOB NOT NULL,
    applicant_id_no_sealed BLOB NOT NULL,
    applicant_phone_sealed BLOB,
    -- DataKey::lookup_hash of the ID number (SVC-NO-RESUBMIT)
    applicant_lookup TEXT NOT NULL,
    -- keyed hash of the query code, bound to the number
    query_code_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    snapshot_version BIGINT NOT NULL,
    version BIGINT NOT NULL,
    accepting_unit_id BIGINT REFERENCES units(id),
    -- when e-supervision flagged it 超期办件 (SVC-PROMISE)
    overdue_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX svc_cases_status ON svc_cases(status);
CREATE INDEX svc_cases_item ON svc_cases(item_id, status);
CREATE INDEX svc_cases_accepting ON svc_cases(accepting_unit_id, status);
CREATE INDEX svc_cases_department ON svc_cases(department_unit_id, status);
CREATE INDEX svc_cases_applicant ON svc_cases(applicant_lookup);

-- The case history: one row per domain event (codes, units, instants; never identity).
CREATE TABLE svc_case_events (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES svc_cases(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX svc_case_events_case ON svc_case_events(case_id, id);

-- SVC-NO-RESUBMIT: materials an applicant handed in and a department accepted.
CREATE TABLE svc_materials_on_file (
    id INTEGER PRIMARY KEY,
    applicant_lookup TEXT NOT NULL,
    material_code TEXT NOT NULL,
    attachment_id BIGINT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES svc_cases(id),
    accepted_at BIGINT NOT NULL,
    valid_until BIGINT
);
CREATE INDEX svc_materials_on_file_applicant ON svc_materials_on_file(applicant_lookup, material_code);

-- SVC-ELICENCE: the e-licence library, linked to the holder.
CREATE TABLE svc_licences (
    id INTEGER PRIMARY KEY,
    applicant_lookup TEXT NOT NULL,
    licence_type TEXT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    issuer_unit_id BIGINT NOT NULL REFERENCES units(id),
    issued_at BIGINT NOT NULL,
    valid_until BIGINT,
    case_id BIGINT NOT NULL REFERENCES svc_cases(id)
);
CREATE INDEX svc_licences_applicant ON svc_licences(applicant_lookup, licence_type);
