-- Province statistics at scale (contract §8, issue 18 item 6): per school and 届, the counts that
-- GET /api/v1/province/stats reports, kept exact by the database itself. A grouped pass over a
-- 届 of 1,000,000 graduates took seconds; these counters are read in one indexed range.
--
-- Two levels, both maintained by triggers, so every write path — a page, the API, an import, a
-- D1 batch — keeps them in step inside the same transaction as the change it counts:
-- 1. graduate_stats: one row per non-withdrawn graduate, what the statistics count of it,
--    refreshed (deleted and inserted again) from the view graduate_stats_source whenever the
--    graduate's roster row, registration, confirmation or 转递编号 changes;
-- 2. school_stats: the sums of graduate_stats per school and 届, moved by the insert and delete
--    triggers of graduate_stats (an UPDATE never happens there, only DELETE + INSERT).
--
-- The confirmation state mirrors STATE_SQL of src/confirmation/queries.ts and deriveState of
-- src/domain/confirmation.ts; placed is a destination of a 落实 category (every category but
-- 未就业, as the school dashboard counts). test/province/school-stats.test.ts checks both against
-- the domain and the counters against a grouped recount after every kind of write.

CREATE VIEW graduate_stats_source AS
SELECT
  g.id AS graduate_id,
  g.school_id AS school_id,
  CAST(substr(g.graduation_time, 1, 4) AS INTEGER) AS cohort,
  coalesce(r.status = 'approved', 0) AS registered,
  coalesce(r.status = 'approved' AND json_extract(r.destination, '$.type') IN (
    '签就业协议书就业', '签劳动合同就业', '提供公招接收函就业', '其他录用证明就业', '自由职业',
    '国家基层项目', '地方基层项目', '科研助理、管理助理', '应征义务兵', '部队军士或文职人员',
    '医学规培生', '自主创业', '国际组织任职', '出国出境工作', '境内升学', '出国出境深造'), 0) AS placed,
  CASE
    WHEN r.status IS NULL OR r.status <> 'approved' THEN '未上报'
    WHEN c.graduate_id IS NULL OR c.registration_version <> r.version THEN '未确认'
    ELSE c.result
  END AS confirmation,
  EXISTS (SELECT 1 FROM transfer_numbers t WHERE t.graduate_id = g.id AND t.superseded_at IS NULL) AS numbered
FROM graduates g
LEFT JOIN registrations r ON r.graduate_id = g.id
LEFT JOIN confirmations c ON c.graduate_id = g.id
WHERE g.withdrawn_at IS NULL;

CREATE TABLE graduate_stats (
  graduate_id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL,
  cohort INTEGER NOT NULL,
  registered INTEGER NOT NULL,
  placed INTEGER NOT NULL,
  confirmation TEXT NOT NULL,
  numbered INTEGER NOT NULL
);

CREATE TABLE school_stats (
  school_id INTEGER NOT NULL REFERENCES schools(id),
  cohort INTEGER NOT NULL,
  graduates INTEGER NOT NULL DEFAULT 0,
  registered INTEGER NOT NULL DEFAULT 0,
  placed INTEGER NOT NULL DEFAULT 0,
  unconfirmed INTEGER NOT NULL DEFAULT 0,
  wrong INTEGER NOT NULL DEFAULT 0,
  confirmed INTEGER NOT NULL DEFAULT 0,
  numbers INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, cohort)
);

-- The graduates already here.
INSERT INTO graduate_stats SELECT * FROM graduate_stats_source;
INSERT INTO school_stats (school_id, cohort, graduates, registered, placed, unconfirmed, wrong, confirmed, numbers)
SELECT school_id, cohort, count(*), sum(registered), sum(placed), sum(confirmation = '未确认'),
  sum(confirmation = '确认有误'), sum(confirmation = '确认无误'), sum(numbered)
FROM graduate_stats GROUP BY school_id, cohort;

-- Level 2: graduate_stats rows move the counters.
CREATE TRIGGER graduate_stats_counted AFTER INSERT ON graduate_stats BEGIN
  -- Not INSERT OR IGNORE: the conflict policy of the statement that fired the trigger overrides a
  -- trigger's own (an import's upsert would turn the IGNORE into an ABORT).
  INSERT INTO school_stats (school_id, cohort) SELECT NEW.school_id, NEW.cohort
  WHERE NOT EXISTS (SELECT 1 FROM school_stats WHERE school_id = NEW.school_id AND cohort = NEW.cohort);
  UPDATE school_stats SET
    graduates = graduates + 1,
    registered = registered + NEW.registered,
    placed = placed + NEW.placed,
    unconfirmed = unconfirmed + (NEW.confirmation = '未确认'),
    wrong = wrong + (NEW.confirmation = '确认有误'),
    confirmed = confirmed + (NEW.confirmation = '确认无误'),
    numbers = numbers + NEW.numbered
  WHERE school_id = NEW.school_id AND cohort = NEW.cohort;
END;

CREATE TRIGGER graduate_stats_uncounted AFTER DELETE ON graduate_stats BEGIN
  UPDATE school_stats SET
    graduates = graduates - 1,
    registered = registered - OLD.registered,
    placed = placed - OLD.placed,
    unconfirmed = unconfirmed - (OLD.confirmation = '未确认'),
    wrong = wrong - (OLD.confirmation = '确认有误'),
    confirmed = confirmed - (OLD.confirmation = '确认无误'),
    numbers = numbers - OLD.numbered
  WHERE school_id = OLD.school_id AND cohort = OLD.cohort;
END;

-- Level 1: a write to what the statistics count refreshes the graduate's row. An UPDATE that
-- leaves the counted columns as they were (a re-import sets every column) refreshes nothing.
CREATE TRIGGER graduates_stats_insert AFTER INSERT ON graduates BEGIN
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = NEW.id;
END;

CREATE TRIGGER graduates_stats_update AFTER UPDATE OF school_id, graduation_time, withdrawn_at ON graduates
WHEN OLD.school_id IS NOT NEW.school_id OR OLD.graduation_time IS NOT NEW.graduation_time
  OR OLD.withdrawn_at IS NOT NEW.withdrawn_at
BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = OLD.id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = NEW.id;
END;

CREATE TRIGGER graduates_stats_delete AFTER DELETE ON graduates BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = OLD.id;
END;

CREATE TRIGGER registrations_stats_insert AFTER INSERT ON registrations BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = NEW.graduate_id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = NEW.graduate_id;
END;

CREATE TRIGGER registrations_stats_update AFTER UPDATE OF graduate_id, status, version, destination ON registrations
WHEN OLD.graduate_id IS NOT NEW.graduate_id OR OLD.status IS NOT NEW.status OR OLD.version IS NOT NEW.version
  OR OLD.destination IS NOT NEW.destination
BEGIN
  DELETE FROM graduate_stats WHERE graduate_id IN (OLD.graduate_id, NEW.graduate_id);
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id IN (OLD.graduate_id, NEW.graduate_id);
END;

CREATE TRIGGER registrations_stats_delete AFTER DELETE ON registrations BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = OLD.graduate_id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = OLD.graduate_id;
END;

CREATE TRIGGER confirmations_stats_insert AFTER INSERT ON confirmations BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = NEW.graduate_id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = NEW.graduate_id;
END;

CREATE TRIGGER confirmations_stats_update AFTER UPDATE OF graduate_id, registration_version, result ON confirmations
WHEN OLD.graduate_id IS NOT NEW.graduate_id OR OLD.registration_version IS NOT NEW.registration_version
  OR OLD.result IS NOT NEW.result
BEGIN
  DELETE FROM graduate_stats WHERE graduate_id IN (OLD.graduate_id, NEW.graduate_id);
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id IN (OLD.graduate_id, NEW.graduate_id);
END;

CREATE TRIGGER confirmations_stats_delete AFTER DELETE ON confirmations BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = OLD.graduate_id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = OLD.graduate_id;
END;

CREATE TRIGGER transfer_numbers_stats_insert AFTER INSERT ON transfer_numbers BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = NEW.graduate_id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = NEW.graduate_id;
END;

CREATE TRIGGER transfer_numbers_stats_update AFTER UPDATE OF graduate_id, superseded_at ON transfer_numbers
WHEN OLD.graduate_id IS NOT NEW.graduate_id OR OLD.superseded_at IS NOT NEW.superseded_at
BEGIN
  DELETE FROM graduate_stats WHERE graduate_id IN (OLD.graduate_id, NEW.graduate_id);
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id IN (OLD.graduate_id, NEW.graduate_id);
END;

CREATE TRIGGER transfer_numbers_stats_delete AFTER DELETE ON transfer_numbers BEGIN
  DELETE FROM graduate_stats WHERE graduate_id = OLD.graduate_id;
  INSERT INTO graduate_stats SELECT * FROM graduate_stats_source WHERE graduate_id = OLD.graduate_id;
END;
