-- Issue 14 item 4 (SVC-ITEM-TYPES, SVC-NO-RESUBMIT, SVC-ELICENCE): an application for a legal
-- person is made by an agent (经办人: the applicant columns) for an enterprise, whose name and
-- 统一社会信用代码 are sealed and bound to the case's number like the applicant's values, with
-- the keyed hash of the code beside them. The materials on file and the e-licences of such a
-- case are kept under that hash: `applicant_lookup` of svc_materials_on_file and svc_licences
-- holds the holder's index, the enterprise's or the person's (computed over different inputs,
-- they never meet).
ALTER TABLE svc_cases ADD COLUMN enterprise_name_sealed BLOB;
ALTER TABLE svc_cases ADD COLUMN enterprise_code_sealed BLOB;
ALTER TABLE svc_cases ADD COLUMN enterprise_lookup TEXT;
CREATE INDEX svc_cases_enterprise ON svc_cases(enterprise_lookup);

-- Issue 14 item 3: a public form refused for one field keeps what was given for a short time
-- (platform::held): the files chosen (attachments of owner kind 'held', sealed like every
-- attachment) and the values a page never echoes (ID number, phone), sealed, under a random
-- token the page carries in a hidden field and bound to the visitor's CSRF binding. Used by
-- the submission it was kept for, or swept once expired.
CREATE TABLE held_forms (
    id INTEGER PRIMARY KEY,
    -- keyed hash of the token in the page's hidden field
    token_hash TEXT NOT NULL UNIQUE,
    -- keyed hash of the visitor's CSRF token (of the session, or of the anchor cookie)
    anchor_hash TEXT NOT NULL,
    -- which form, e.g. 'svc-apply:GZ-SC-0003'
    form TEXT NOT NULL,
    -- the held values as a JSON object, sealed and bound to this row's token hash
    values_sealed BLOB,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX held_forms_expiry ON held_forms(expires_at);

CREATE TABLE held_form_files (
    held_id BIGINT NOT NULL REFERENCES held_forms(id),
    -- the form's file field, e.g. 'm_business_licence'
    slot TEXT NOT NULL,
    attachment_id BIGINT NOT NULL REFERENCES attachments(id),
    PRIMARY KEY (held_id, slot)
);
