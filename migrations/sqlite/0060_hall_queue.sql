-- Issue 21 part A (HALL-WINDOWS, HALL-QUEUE; 000 中心 §5–8, §15): the service hall's windows
-- and their staff, the window each clerk sits at on a day, the hall's hours configured per
-- day, and the ticket machine (crates/hall).
--
-- A window serves one service type (comprehensive, professional:<field>, special:<kind>).
-- Staff hold posts (chief, a, b) at a window. A clerk sits at one window a day and a window
-- has one clerk a day. A day without a row in hall_days opens at the profile's working hours
-- when it is a working day. Ticket numbers run per day and letter (hall_sequences); calling
-- takes a waiting ticket with a conditional update, so two windows never call the same one.

CREATE TABLE hall_windows (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    service TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX hall_windows_number ON hall_windows(number);

CREATE TABLE hall_window_staff (
    window_id BIGINT NOT NULL REFERENCES hall_windows(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    post TEXT NOT NULL,
    PRIMARY KEY (window_id, user_id, post)
);
CREATE INDEX hall_window_staff_user ON hall_window_staff(user_id);

CREATE TABLE hall_seatings (
    day TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    window_id BIGINT NOT NULL REFERENCES hall_windows(id),
    seated_at BIGINT NOT NULL,
    PRIMARY KEY (day, user_id)
);
CREATE UNIQUE INDEX hall_seatings_window ON hall_seatings(day, window_id);

CREATE TABLE hall_days (
    day TEXT PRIMARY KEY,
    sessions TEXT NOT NULL,
    delayed_until INTEGER,
    appointment TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE hall_sequences (
    day TEXT NOT NULL,
    letter TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (day, letter)
);

CREATE TABLE hall_tickets (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    letter TEXT NOT NULL,
    seq INTEGER NOT NULL,
    service TEXT NOT NULL,
    item_id BIGINT,
    item_name TEXT,
    source TEXT NOT NULL,
    slot_start INTEGER,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    taken_at BIGINT NOT NULL,
    queued_at BIGINT NOT NULL,
    window_number INTEGER,
    first_called_at BIGINT,
    calls INTEGER NOT NULL DEFAULT 0,
    started_at BIGINT,
    finished_at BIGINT,
    transfers INTEGER NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX hall_tickets_number ON hall_tickets(day, letter, seq);
CREATE INDEX hall_tickets_queue ON hall_tickets(day, status, service, queued_at);

-- The ticket's history: one row per command (the window, the wait or handling time).
CREATE TABLE hall_ticket_events (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES hall_tickets(id),
    at BIGINT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    window_number INTEGER,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hall_ticket_events_ticket ON hall_ticket_events(ticket_id, at);
