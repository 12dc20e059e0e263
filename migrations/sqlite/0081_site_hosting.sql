-- Issue 19 (SEC-HOSTING; 000 网站 §22, 004 §32(七)): where each registered site is hosted.
--
-- One row per site that declared its hosting: the kind (own_room, gov_cloud, commercial),
-- the provider and whether it is a foreign organisation, whether the servers run abroad,
-- the location (province, city, county as text) and the declared server addresses (IPv4 or
-- IPv6 addresses and CIDR prefixes) in `state`, the JSON of sites::registry::Hosting. A site
-- without a row has no declaration (a finding of the inspection). No geo-IP data: the
-- inspection compares the declaration with the jurisdiction's region and the addresses the
-- site's domains resolve to.

CREATE TABLE site_hosting (
    site_id BIGINT PRIMARY KEY REFERENCES sites(id),
    kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_abroad BIGINT NOT NULL,
    located_abroad BIGINT NOT NULL,
    province TEXT NOT NULL,
    city TEXT NOT NULL,
    county TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_by BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
