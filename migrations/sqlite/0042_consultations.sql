-- Issue 17 item 3 (MSG-CONSULT, PUB-PRECONSULT): consultation topics (意见征集、网上调查) on the
-- workflow kernel, their comments and ballots, and the phone codes that verify a participant.
--
-- A topic is a snapshot of the pure machine (crates/consultation): its number, site, unit,
-- title, status, period and, once published, the adoption report. Its two clocks (预公开 from
-- the decision, 采纳情况 from the period's end) are on the shared clock table (subject_type
-- 'consultation_topic').
CREATE TABLE consultation_topics (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    published_at BIGINT,
    reported_at BIGINT,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX consultation_topics_number ON consultation_topics(number);
CREATE INDEX consultation_topics_site ON consultation_topics(site_id, published_at);
CREATE INDEX consultation_topics_unit ON consultation_topics(unit_id, status);

-- The topic's history on the workflow kernel: one row per event.
CREATE TABLE consultation_topic_events (
    id INTEGER PRIMARY KEY,
    topic_id BIGINT NOT NULL REFERENCES consultation_topics(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX consultation_topic_events_topic ON consultation_topic_events(topic_id, id);

-- A citizen's comment: the text, the nickname shown, the phone sealed (platform::personal)
-- with its keyed hash, and whether the content-safety check let it be shown ('shown') or held
-- it back ('held', with the words found).
CREATE TABLE consultation_comments (
    id INTEGER PRIMARY KEY,
    topic_id BIGINT NOT NULL REFERENCES consultation_topics(id),
    nickname TEXT NOT NULL,
    body TEXT NOT NULL,
    phone_sealed BLOB NOT NULL,
    phone_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    check_note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX consultation_comments_topic ON consultation_comments(topic_id, status, id);

-- One ballot per topic and voter (the keyed hash of the verified phone): the options chosen
-- as JSON [[question, [option, ...]], ...].
CREATE TABLE consultation_votes (
    id INTEGER PRIMARY KEY,
    topic_id BIGINT NOT NULL REFERENCES consultation_topics(id),
    voter_hash TEXT NOT NULL,
    choices TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (topic_id, voter_hash)
);

-- The codes sent by SMS to verify a participant's phone (kept as keyed hashes only).
CREATE TABLE consultation_phone_codes (
    id INTEGER PRIMARY KEY,
    phone_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX consultation_phone_codes_phone ON consultation_phone_codes(phone_hash, created_at);
