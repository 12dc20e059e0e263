-- Issue 17 part A (MSG-KINDS, MSG-LIMITS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY): the
-- messages citizens write through the sites (领导信箱, 我要咨询, 我要建议, 我要投诉, 网站纠错)
-- on the workflow kernel.
--
-- A message is a snapshot of the pure machine (crates/participation) like a hotline order:
-- its public number and query code (a blind index, never in clear), the unit whose site
-- received it, the competent unit it is with, the channel, title, status, the writer's
-- choice about publication, and the columns the public list, the statistics and 互动回应差
-- read (answered_at, in_time, published, the rating). The writer (name, phone, e-mail) is
-- sealed to its row (platform::personal); the snapshot holds it masked; writer_phone_key is
-- a blind index of the phone (abuse limits). The reply clock is on the shared clock table
-- (subject_type 'participation_message'); hotline_order_id links the 12345 order a message
-- was transferred to.

CREATE TABLE participation_messages (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    query_code TEXT NOT NULL,
    site_unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT REFERENCES units(id),
    channel TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    allow_publication BIGINT NOT NULL,
    writer_sealed BLOB NOT NULL,
    writer_phone_key TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    answered_at BIGINT,
    in_time BIGINT,
    published_at BIGINT,
    rating_level BIGINT,
    hotline_order_id BIGINT,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX participation_messages_number ON participation_messages(number);
CREATE INDEX participation_messages_site ON participation_messages(site_unit_id, status);
CREATE INDEX participation_messages_unit ON participation_messages(unit_id, status);
CREATE INDEX participation_messages_received ON participation_messages(received_at);
CREATE INDEX participation_messages_phone ON participation_messages(writer_phone_key, received_at);

-- The message's history on the workflow kernel: one row per event (codes and instants,
-- never the writer's identity).
CREATE TABLE participation_message_events (
    id INTEGER PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES participation_messages(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX participation_message_events_message
    ON participation_message_events(message_id, id);
