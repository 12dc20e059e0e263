-- Issue 18 (WEB-SEARCH): the search index is derived data. Each content change (an article's
-- page published, re-marked or withdrawn; a service item's guide; a knowledge-base entry)
-- writes a row here in the same transaction; every server process follows the rows and
-- reloads the changed documents into its index. kind: article | item | kb.
CREATE TABLE search_feed (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX search_feed_at ON search_feed(at);
-- The administrator's synonym groups (phrasings separated by spaces), on top of the shipped ones.
CREATE TABLE search_synonyms (
    id INTEGER PRIMARY KEY,
    phrasings TEXT NOT NULL UNIQUE,
    added_by BIGINT NOT NULL,
    added_at BIGINT NOT NULL
);
-- Hot keywords: each query (as read) counted per day, never who asked; empty = with no result.
CREATE TABLE search_queries_daily (
    day TEXT NOT NULL,
    query TEXT NOT NULL,
    searches BIGINT NOT NULL,
    empty BIGINT NOT NULL,
    PRIMARY KEY (day, query)
);
