-- Staff tools (issue 14, contract §6): managed staff accounts, counsellors, data scope, cohort
-- extension columns, re-import protection, review levels of the self-check, 推荐表.

-- Users. The role CHECK of 0001 cannot be widened without rebuilding `users` (which the
-- agreements and province migrations may also need), so a counsellor (班主任/辅导员) is stored as
-- a `department` row with `counsellor = 1` and its `classes` (所在班级 names, a JSON array);
-- the service reads it as role `counsellor`.
ALTER TABLE users ADD COLUMN counsellor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN classes TEXT;
-- 数据权限 (seed 004 §1.4): all, 本专科 only, 研究生 only.
ALTER TABLE users ADD COLUMN education_scope TEXT NOT NULL DEFAULT 'all'
  CHECK (education_scope IN ('all', 'undergraduate', 'graduate'));
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- 扩展项1–4 (seed 002 附件1): 扩展项1 is 1 零就业家庭, 2 退役军人, 12 both; 2–4 free text.
ALTER TABLE graduates ADD COLUMN extension_1 TEXT;
ALTER TABLE graduates ADD COLUMN extension_2 TEXT;
ALTER TABLE graduates ADD COLUMN extension_3 TEXT;
ALTER TABLE graduates ADD COLUMN extension_4 TEXT;
-- Columns set by an approved self-check correction or a staff edit (a JSON array of column
-- names): a re-import keeps them unless asked to overwrite.
ALTER TABLE graduates ADD COLUMN protected_fields TEXT;
CREATE INDEX graduates_school_graduation ON graduates (school_id, graduation_time);

-- The self-check's review levels, in order (a JSON array of counsellor / department / school).
ALTER TABLE schools ADD COLUMN roster_review_levels TEXT NOT NULL DEFAULT '["department"]';
-- The level a submitted correction waits at (NULL: the first configured level).
ALTER TABLE roster_corrections ADD COLUMN level TEXT;

-- 毕业生就业推荐表 (seed 003 §二(三)): one per graduate.
CREATE TABLE recommendations (
  id INTEGER PRIMARY KEY,
  graduate_id INTEGER NOT NULL UNIQUE REFERENCES graduates(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  intention TEXT,
  self_evaluation TEXT,
  awards TEXT,
  practice TEXT,
  skills TEXT,
  opinion TEXT,
  reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  submitted_at TEXT,
  decided_at TEXT,
  decided_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX recommendations_status ON recommendations (status);
