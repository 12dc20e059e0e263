-- Issue 19 (WEB-INSPECT): the word lists and whitelist the administrator imported, on top of
-- the defaults shipped with the binary; the checker every submission passes is built from the
-- active lists. words: a JSON array of [word, correction-or-null]. origin: issued (上级下发) or
-- local (本地).
CREATE TABLE inspect_lists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    version TEXT NOT NULL,
    origin TEXT NOT NULL,
    words TEXT NOT NULL,
    word_count BIGINT NOT NULL,
    imported_by BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    deactivated_at BIGINT
);
-- Whitelist phrases: they contain a listed word but are fine (农业部门, 原国土资源部).
CREATE TABLE inspect_whitelist (
    id INTEGER PRIMARY KEY,
    phrase TEXT NOT NULL UNIQUE,
    added_by BIGINT NOT NULL,
    added_at BIGINT NOT NULL
);
-- A hit an editor marked a false positive (忽略，误报) for one article, with the reason: the
-- word no longer blocks that article's submission.
CREATE TABLE inspect_ignores (
    article_id BIGINT NOT NULL REFERENCES site_articles(id),
    word TEXT NOT NULL,
    reason TEXT NOT NULL,
    ignored_by BIGINT NOT NULL,
    ignored_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, word)
);
