-- Issue 15: the group of government websites (站群). Sites with their dated registration
-- history (WEB-REGISTRY), columns with their responsible unit, A/B editors and the freshness
-- scan's findings (WEB-COLUMNS, WEB-FRESH), articles as versioned snapshots with every content
-- version kept (WEB-REVIEW), the pages served with the approved SM3 digest (SEC-TAMPER), the
-- links of policy documents and their interpretations (WEB-ARTICLE), and the tamper alarms.
-- Nothing here is ever deleted: a closed site, a withdrawn article, an abolished document
-- (PUB-ABOLISH) stay, marked (WEB-ARCHIVE).

-- A site as the workflow kernel runs it: the registry snapshot (`state`, JSON) with the
-- columns pages and lists query. `number` is the 网站标识码.
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    host_unit_id BIGINT NOT NULL REFERENCES units(id),
    operator_unit_id BIGINT NOT NULL REFERENCES units(id),
    supervising_unit_id BIGINT NOT NULL REFERENCES units(id),
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX sites_status ON sites(status);

-- Requests are routed to a site by the Host header (WEB-SITEGROUP): every registered domain.
-- A closed site keeps its domains: its pages stay readable under their old addresses.
CREATE TABLE site_domains (
    domain TEXT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    main INTEGER NOT NULL
);
CREATE INDEX site_domains_site ON site_domains(site_id);

-- WEB-REGISTRY: every registration a site had, with its date and reason; appended, never
-- rewritten (`seq` 0 is the initial registration).
CREATE TABLE site_registrations (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    changed TEXT NOT NULL,
    registration TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)
);

-- The site's history on the workflow kernel: one row per event.
CREATE TABLE site_events (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX site_events_site ON site_events(site_id, id);

-- WEB-COLUMNS: the column tree of each site. WEB-FRESH: the latest publication and what the
-- freshness scan found (next due update, light, stale, blank, a special column untouched),
-- with the due instant its editors were warned for and the one it was marked stale for, so
-- the scan warns and marks once.
CREATE TABLE site_columns (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    parent_id BIGINT REFERENCES site_columns(id),
    position BIGINT NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    responsible_unit_id BIGINT NOT NULL REFERENCES units(id),
    editor_a BIGINT REFERENCES users(id),
    editor_b BIGINT REFERENCES users(id),
    special_opened_by BIGINT REFERENCES units(id),
    special_approved_by BIGINT REFERENCES users(id),
    special_approved_at BIGINT,
    opened_at BIGINT NOT NULL,
    archived_at BIGINT,
    last_published_at BIGINT,
    fresh_due_at BIGINT,
    fresh_light TEXT,
    fresh_stale INTEGER NOT NULL DEFAULT 0,
    fresh_blank INTEGER NOT NULL DEFAULT 0,
    fresh_special_untouched INTEGER NOT NULL DEFAULT 0,
    fresh_warned_due BIGINT,
    fresh_stale_due BIGINT,
    fresh_checked_at BIGINT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX site_columns_site ON site_columns(site_id, parent_id, position);
CREATE INDEX site_columns_unit ON site_columns(responsible_unit_id);

-- An article (稿件) as the workflow kernel runs it: its snapshot (`state`, JSON) with the
-- columns queues and the scheduler query. `number` is its public number (site code-id).
CREATE TABLE site_articles (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    column_id BIGINT NOT NULL REFERENCES site_columns(id),
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    major INTEGER NOT NULL,
    is_policy INTEGER NOT NULL,
    revision BIGINT NOT NULL,
    publish_at BIGINT,
    published_at BIGINT,
    approved_digest TEXT,
    validity TEXT,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX site_articles_column ON site_articles(column_id, status, published_at);
CREATE INDEX site_articles_site ON site_articles(site_id, status);
CREATE INDEX site_articles_due ON site_articles(status, publish_at);

-- WEB-REVIEW: every content version of an article (revision 1 when drafted, +1 per edit),
-- kept for the diff between any two.
CREATE TABLE site_article_versions (
    article_id BIGINT NOT NULL REFERENCES site_articles(id),
    revision BIGINT NOT NULL,
    content TEXT NOT NULL,
    edited_by BIGINT REFERENCES users(id),
    edited_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, revision)
);

-- The article's history on the workflow kernel: one row per event.
CREATE TABLE site_article_events (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES site_articles(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_user_id BIGINT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX site_article_events_article ON site_article_events(article_id, id);

-- The pages a site serves: the content as published (JSON) with the SM3 digest the publisher
-- approved (SEC-TAMPER); the tamper check compares the two. A withdrawn article's page stays,
-- marked, in the archive (WEB-ARCHIVE).
CREATE TABLE site_pages (
    article_id BIGINT PRIMARY KEY REFERENCES site_articles(id),
    site_id BIGINT NOT NULL REFERENCES sites(id),
    column_id BIGINT NOT NULL REFERENCES site_columns(id),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    approved_digest TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    validity TEXT,
    withdrawn_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX site_pages_column ON site_pages(column_id, withdrawn_at, published_at, article_id);
CREATE INDEX site_pages_site ON site_pages(site_id, withdrawn_at, published_at);

-- WEB-ARTICLE, PUB-INTERPRET: a policy document and each of its interpretations.
CREATE TABLE site_interpretations (
    policy_id BIGINT NOT NULL REFERENCES site_articles(id),
    interpretation_id BIGINT NOT NULL REFERENCES site_articles(id),
    PRIMARY KEY (policy_id, interpretation_id)
);
CREATE INDEX site_interpretations_interpretation ON site_interpretations(interpretation_id);

-- SEC-TAMPER: each time a served page differed from its approved digest, and whether the
-- approved version was put back.
CREATE TABLE site_tamper_alarms (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES site_articles(id),
    site_id BIGINT NOT NULL REFERENCES sites(id),
    found_at BIGINT NOT NULL,
    served_digest TEXT NOT NULL,
    approved_digest TEXT NOT NULL,
    restored INTEGER NOT NULL
);
CREATE INDEX site_tamper_alarms_site ON site_tamper_alarms(site_id, found_at);
