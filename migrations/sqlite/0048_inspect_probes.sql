-- Issue 19 (WEB-INSPECT; 国办秘函〔2019〕19号 single veto 站点无法访问): the availability
-- probe of every registered site, at least website.availability_probes_per_day a day at
-- varied instants; answered = 1 when the home page answered with success within
-- website.broken_link_timeout_seconds. The share not answered over the last
-- website.availability_window_days is red at website.availability_red_percent.

CREATE TABLE inspect_probes (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    at BIGINT NOT NULL,
    answered BIGINT NOT NULL,
    millis BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspect_probes_site ON inspect_probes(site_id, at);
