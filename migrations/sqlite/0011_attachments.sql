-- Attachments (附件): appeal attachments (HL-REGISTER), case materials (SVC-NO-RESUBMIT),
-- call recordings kept with the archive (HL-ARCHIVE). The content and the original file name
-- are sealed with SM4-GCM (HL-PRIVACY: a file name can name the appellant); pages show
-- `label.ext` instead. The kind is sniffed from the content, never taken from the name.

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    -- what the file belongs to: 'appeal', 'case', 'item', 'order_archive'
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    -- what the file is, in Chinese (a material's name, 附件1 …)
    label TEXT NOT NULL,
    -- pdf, jpg, png, ofd, docx, xlsx, mp3, wav
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    -- SM3 of the clear content, hex
    digest TEXT NOT NULL,
    name_sealed BLOB NOT NULL,
    content_sealed BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);
