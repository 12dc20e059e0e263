-- SVC-ITEM-LIFE: the review chain is the profile's `services.item_review_chain`; a version
-- records how many of its steps the current submission has passed.
ALTER TABLE svc_item_versions ADD COLUMN review_step BIGINT NOT NULL DEFAULT 0;

-- SVC-NEG-LIST: the approving document of a negative-list entry as its number and title.
ALTER TABLE svc_negative_list ADD COLUMN document_number TEXT NOT NULL DEFAULT '';
ALTER TABLE svc_negative_list ADD COLUMN document_title TEXT NOT NULL DEFAULT '';
