-- Issue 17 item 4 (MSG-INTERVIEW): online interviews (在线访谈), announced in advance with topic
-- and guests, and the public's questions: pending until a moderator publishes one with the
-- guests' answer (shown live, then in the transcript) or sets it aside. The asker's phone is
-- sealed (platform::personal) with its keyed hash.
CREATE TABLE interviews (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX interviews_site ON interviews(site_id, starts_at);

CREATE TABLE interview_questions (
    id INTEGER PRIMARY KEY,
    interview_id BIGINT NOT NULL REFERENCES interviews(id),
    nickname TEXT NOT NULL,
    body TEXT NOT NULL,
    phone_sealed BLOB NOT NULL,
    phone_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    published_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX interview_questions_interview ON interview_questions(interview_id, status, published_at);
