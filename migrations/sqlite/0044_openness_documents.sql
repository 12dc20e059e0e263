-- Issue 16 item 1 (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET): the document register (公文登记)
-- on the workflow kernel, and the link from a site article to the document it publishes.
--
-- A document is a snapshot of the pure register (crates/openness/src/register): its
-- attribute and reason, the signer's confirmation, the confidentiality review and the
-- determination of a 需报审, the secrecy mark and its declassification, the right holders'
-- consents and the coordination requests to other units. `number` is the register's own
-- number (登记号, what 电子监察 shows); `issue_number` the document's 文号 as drafted. `stage`
-- is where the publication gate stands (`register::stage`), kept for the lists. The
-- coordination clocks (PUB-COORD) are on the shared clock table (subject_type
-- 'openness_document'), each filed under the unit asked.

CREATE TABLE openness_documents (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    issue_number TEXT NOT NULL,
    attribute TEXT NOT NULL,
    stage TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    drafted_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX openness_documents_number ON openness_documents(number);
CREATE INDEX openness_documents_unit ON openness_documents(unit_id, drafted_at);

-- The document's history on the workflow kernel: one row per event.
CREATE TABLE openness_document_events (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES openness_documents(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openness_document_events_document ON openness_document_events(document_id, id);

-- SEC-SECRET, PUB-ATTR: an article that publishes a document of the register names it; the
-- site's publish command passes the register's gate for it.
ALTER TABLE site_articles ADD COLUMN document_id BIGINT REFERENCES openness_documents(id);
