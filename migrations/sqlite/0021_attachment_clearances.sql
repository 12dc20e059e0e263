-- Issue 14 item 11 (HL-PRIVACY): an appellant's attachment the hotline has checked and found
-- to identify nobody (a shop receipt, a pothole), shown to the handling unit of a complaint.
-- Without a row, a complaint's attachments stay with the hotline.
CREATE TABLE hotline_attachment_clearances (
    attachment_id BIGINT PRIMARY KEY REFERENCES attachments(id),
    order_id BIGINT NOT NULL REFERENCES hotline_orders(id),
    cleared_by BIGINT NOT NULL REFERENCES users(id),
    cleared_at BIGINT NOT NULL
);
CREATE INDEX hotline_attachment_clearances_order ON hotline_attachment_clearances(order_id);
