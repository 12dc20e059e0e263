-- Issue 16 (PUB-ANNUAL): what tables 二 and 四 of the openness annual report need beyond the
-- document register and the applications.
--
-- openness_annual_figures: the figures the platform does not hold, entered per unit and
-- year — 行政许可, 行政处罚 and 行政强制 decisions (counts) and 行政事业性收费 (in 元, printed
-- in 万元). The county's report sums its units.
CREATE TABLE openness_annual_figures (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    value BIGINT NOT NULL,
    by_user_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, year, key)
);

-- openness_cases: the register of 行政复议 and 行政诉讼 about a unit's disclosure (table 四).
-- kind: review, direct_suit, suit_after_review; result (upheld, corrected, other) and
-- concluded_on are empty while the case is pending. Dates are YYYY-MM-DD.
CREATE TABLE openness_cases (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    result TEXT,
    concluded_on TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX openness_cases_unit ON openness_cases(unit_id, filed_on);
