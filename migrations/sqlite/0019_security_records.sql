-- Issue 12, "what 等保 and the seeds ask beyond code".
--
-- SEC-ACCOUNTS as amended (001 §22: 调整后的人员须经过培训，方能上岗; 000 §12345-21: 保密协议):
-- an account is opened only with a recorded training (platform::users::open), and a hotline
-- role (operator, supervisor) is granted only to an account whose confidentiality agreement is
-- recorded (platform::users::records). Dates are local calendar dates, `YYYY-MM-DD`.
CREATE TABLE account_trainings (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    course TEXT NOT NULL,
    trained_on TEXT NOT NULL,
    trainer TEXT NOT NULL,
    -- NULL when the platform recorded it (the demo seed)
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX account_trainings_user ON account_trainings(user_id, trained_on);

CREATE TABLE account_agreements (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    signed_on TEXT NOT NULL,
    -- the signed paper's reference (文号 or archive number)
    document_ref TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX account_agreements_user ON account_agreements(user_id);

-- SEC-INCIDENT (003 §32; 000 网站 §24): security and leak incidents, registered with their
-- level (SEC-DRILL: levels are defined, platform::security::incidents::Level), their handling
-- steps and their reports upward; a leak, or an incident of level 较大 or above, is closed
-- only after a report upward.
CREATE TABLE security_incidents (
    id INTEGER PRIMARY KEY,
    -- epoch ms: when the incident was found
    found_at BIGINT NOT NULL,
    -- platform::security::incidents::Level::code
    level TEXT NOT NULL CHECK (level IN ('extraordinary', 'major', 'serious', 'general')),
    -- platform::security::incidents::Kind::code
    kind TEXT NOT NULL CHECK (kind IN ('security', 'leak', 'defacement', 'outage', 'other')),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    -- set together when the incident is closed
    closed_at BIGINT,
    closed_by BIGINT REFERENCES users(id),
    closure TEXT
);
CREATE INDEX security_incidents_found ON security_incidents(found_at);

-- The units an incident affects.
CREATE TABLE security_incident_units (
    incident_id BIGINT NOT NULL REFERENCES security_incidents(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (incident_id, unit_id)
);

-- The dated handling steps of an incident.
CREATE TABLE security_incident_steps (
    id INTEGER PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES security_incidents(id),
    taken_at BIGINT NOT NULL,
    action TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX security_incident_steps_incident ON security_incident_steps(incident_id, taken_at);

-- Reports upward (上报): when, to which body, what was said (first report, follow-ups).
CREATE TABLE security_incident_reports (
    id INTEGER PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES security_incidents(id),
    reported_at BIGINT NOT NULL,
    reported_to TEXT NOT NULL,
    summary TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX security_incident_reports_incident ON security_incident_reports(incident_id, reported_at);

-- SEC-DRILL (000 网站 §21; 004 §33): emergency drills, planned and held, with the units taking
-- part, the findings and the follow-ups. A year meets the rule with one drill held in it.
CREATE TABLE security_drills (
    id INTEGER PRIMARY KEY,
    planned_on TEXT NOT NULL,
    scenario TEXT NOT NULL,
    -- set together when the drill has been held
    held_on TEXT,
    findings TEXT,
    follow_ups TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX security_drills_planned ON security_drills(planned_on);
CREATE INDEX security_drills_held ON security_drills(held_on);

CREATE TABLE security_drill_units (
    drill_id BIGINT NOT NULL REFERENCES security_drills(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (drill_id, unit_id)
);
