-- Issue 21 part A (HALL-ASSIST; 000 中心 §7(二)): each case of assisted or proxy handling
-- (帮办代办) with its helper, its type, the priority group of the person helped, and the
-- ticket and item when known.
CREATE TABLE hall_assists (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    helper_user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    priority_group TEXT NOT NULL,
    ticket_id BIGINT REFERENCES hall_tickets(id),
    item_code TEXT,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX hall_assists_day ON hall_assists(day, kind);
