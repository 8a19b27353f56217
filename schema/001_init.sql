-- threadlens store, version 1. Applied in one transaction to an empty file; PRAGMA user_version
-- records the last migration applied. Public tables and views (names and meanings) are a
-- contract: later migrations add columns and objects, never rename (DESIGN.md section 2).

-- One row per dump ingested. sha256 of the raw bytes makes re-ingesting the same bytes a no-op.
CREATE TABLE sources (
  id           INTEGER PRIMARY KEY,
  path         TEXT NOT NULL,        -- as given on the command line ("-" for stdin)
  format       TEXT NOT NULL,        -- reader used: text, reddit, pushshift, hn, ...
  sha256       TEXT NOT NULL UNIQUE,
  bytes        INTEGER NOT NULL,     -- raw (possibly compressed) size
  ingested_at  TEXT NOT NULL,        -- ISO-8601 UTC
  compression  TEXT,                 -- none, gzip, zstd
  repairs      TEXT,                 -- JSON: text repairs made, by kind
  skipped      INTEGER NOT NULL DEFAULT 0,  -- bad records skipped (lenient mode)
  tool_version TEXT
);

-- The article or post the comments hang under.
CREATE TABLE threads (
  id         INTEGER PRIMARY KEY,
  source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  ext_id     TEXT,
  title      TEXT,
  url        TEXT,
  body       TEXT,                   -- repaired article text
  created_at TEXT,
  platform   TEXT,
  raw        TEXT,                   -- article text as found
  notes      TEXT                    -- JSON array: structural repairs (cycles, missing parents)
);
CREATE INDEX threads_source ON threads(source_id);

CREATE TABLE authors (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  platform TEXT NOT NULL,
  ext_id   TEXT,
  UNIQUE(platform, name)
);

CREATE TABLE comments (
  id                INTEGER PRIMARY KEY,
  thread_id         INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  ext_id            TEXT,
  parent_id         INTEGER REFERENCES comments(id),  -- NULL: replies to the thread itself
  depth             INTEGER NOT NULL,                 -- 0 = top level
  position          INTEGER NOT NULL,                 -- 0-based document order in the thread
  path              TEXT NOT NULL,                    -- sortable materialised path
  author_id         INTEGER REFERENCES authors(id),
  created_at        TEXT,                             -- ISO-8601 UTC
  score             INTEGER,
  body              TEXT NOT NULL,                    -- repaired, normalised text
  raw               TEXT NOT NULL,                    -- text as found
  line_start        INTEGER,                          -- 1-based input lines (line formats)
  line_end          INTEGER,
  parent_method     TEXT NOT NULL,                    -- explicit, quote, address, ..., none
  parent_confidence REAL NOT NULL,                    -- 0..1
  created_approx    INTEGER NOT NULL DEFAULT 0,       -- 1: from a relative time
  flags             TEXT                              -- comma-separated: deleted, placeholder, ...
);
CREATE INDEX comments_thread ON comments(thread_id, position);
CREATE INDEX comments_parent ON comments(parent_id);
CREATE INDEX comments_author ON comments(author_id);

CREATE TABLE quotes (
  comment_id        INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  quoted_comment_id INTEGER REFERENCES comments(id),  -- NULL: the article or something outside
  start             INTEGER NOT NULL,                 -- byte span in comments.body
  end               INTEGER NOT NULL,
  similarity        REAL NOT NULL,
  of_article        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quotes_comment ON quotes(comment_id);

CREATE TABLE topics (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  question     TEXT,
  pole_a       TEXT NOT NULL,
  pole_b       TEXT NOT NULL,
  rules_sha256 TEXT NOT NULL
);

CREATE TABLE stances (
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  topic_id   INTEGER NOT NULL REFERENCES topics(id),
  stance     TEXT NOT NULL,   -- pole_a's name, pole_b's name or 'neutral'
  score      REAL NOT NULL,   -- signed, + towards pole_a
  confidence REAL NOT NULL,   -- 0..1
  PRIMARY KEY (comment_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX stances_topic ON stances(topic_id, stance);

CREATE TABLE evidence (
  id         INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  topic_id   INTEGER NOT NULL REFERENCES topics(id),
  rule_id    TEXT NOT NULL,
  pole       TEXT,
  weight     REAL NOT NULL,
  start      INTEGER NOT NULL,  -- byte span in comments.body
  end        INTEGER NOT NULL,
  snippet    TEXT,
  flags      TEXT              -- comma-separated: negated, hedged, quoted, inherited, ...
);
CREATE INDEX evidence_comment ON evidence(comment_id, topic_id);

-- Full-text index over comment bodies, declared exactly so Datasette and sqlite-utils detect it.
CREATE VIRTUAL TABLE comments_fts USING fts5(body, content="comments", content_rowid="id");

-- How many comments took each side, per topic (share of the topic's on-topic comments).
CREATE VIEW stance_counts AS
SELECT t.name AS topic, s.stance AS stance, COUNT(*) AS comments,
       ROUND(1.0 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY t.id), 4) AS share
FROM stances s JOIN topics t ON t.id = s.topic_id
GROUP BY t.id, s.stance;

-- Reply stance against parent stance, per topic: who answers whom.
CREATE VIEW reply_stance AS
SELECT t.name AS topic, ps.stance AS parent_stance, cs.stance AS reply_stance, COUNT(*) AS n
FROM comments c
JOIN stances cs ON cs.comment_id = c.id
JOIN stances ps ON ps.comment_id = c.parent_id AND ps.topic_id = cs.topic_id
JOIN topics t ON t.id = cs.topic_id
GROUP BY t.id, ps.stance, cs.stance;
