-- SVC-STATUS (progress by web, phone, SMS or e-mail): the applicant may leave an e-mail
-- address (optional) on the online form or at the window; it is sealed with the DataKey to
-- the case's number like the phone, and the progress e-mails at acceptance, notice and
-- conclusion go to it through the outbox.
ALTER TABLE svc_cases ADD COLUMN applicant_email_sealed BYTEA;
