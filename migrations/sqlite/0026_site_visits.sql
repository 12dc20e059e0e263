-- Issue 15 item 8 (WEB-STATS, WEB-ANNUAL's 独立用户访问总量 and 网站总访问量): the visits of each
-- site, counted without cookies and without storing a client's address. A visitor of a day is
-- the keyed hash (HMAC-SM3) of the site, the client's address and its user agent under that
-- day's random salt; the salt and the day's hashes are deleted once the day is over, so a
-- visitor can be neither followed from one day to the next nor found again by address.

-- The salt of a local day (Asia/Shanghai, yyyymmdd), random, kept only while the day lasts.
CREATE TABLE site_visit_salts (
    day BIGINT PRIMARY KEY,
    salt TEXT NOT NULL
);

-- The visitors of the day at each site: their keyed hashes, to count each one once.
CREATE TABLE site_visitors (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    day BIGINT NOT NULL,
    mark TEXT NOT NULL,
    PRIMARY KEY (site_id, day, mark)
);
CREATE INDEX site_visitors_day ON site_visitors(day);

-- What is kept: per site and day the page views and the unique visitors.
CREATE TABLE site_visit_days (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    day BIGINT NOT NULL,
    views BIGINT NOT NULL,
    visitors BIGINT NOT NULL,
    PRIMARY KEY (site_id, day)
);
