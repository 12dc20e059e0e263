-- SVC-ONE-DOOR, SVC-NEG-LIST (000 中心 §16 经区政府批准后统一以正式文件公布): the approving
-- document of a negative-list entry is published as a formal document on the portal, with
-- its issuing unit and date of issue (YYYY-MM-DD) beside the number and title (0046).
ALTER TABLE svc_negative_list ADD COLUMN document_issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE svc_negative_list ADD COLUMN document_date TEXT NOT NULL DEFAULT '';
