-- quxiang: a province on one deployment (contract §8, issue 18). Frozen once landed.

-- The province itself is a row of `schools` with kind 'province' (its code is the 2-digit
-- 省级行政区划代码, so it never collides with a 5-digit 院校代码). Its administrator is a row of
-- `users` on that row: users.role keeps the CHECK of 0001 (rebuilding `users` to widen it would
-- race the other migrations that add to that table), and the session layer reads role
-- 'province' from the organisation's kind (src/accounts/queries.ts).
ALTER TABLE schools ADD COLUMN kind TEXT NOT NULL DEFAULT 'school' CHECK (kind IN ('school', 'province'));

-- 生源上报 (seed 002: 经院、校两级审核汇总后确认上报至省教育厅): a school reports one 届's roster.
CREATE TABLE roster_reports (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  cohort INTEGER NOT NULL,
  graduates INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  decided_by INTEGER REFERENCES users(id)
);
CREATE INDEX roster_reports_school ON roster_reports (school_id, cohort);
CREATE INDEX roster_reports_status ON roster_reports (status);

-- The report a graduate went up in: set on submit, cleared when the report is returned.
-- 已上报 = the report is approved.
ALTER TABLE graduates ADD COLUMN roster_report_id INTEGER REFERENCES roster_reports(id);
CREATE INDEX graduates_roster_report ON graduates (roster_report_id);
-- A school's 届 (reports, lists) and the province statistics per 届 and school.
CREATE INDEX graduates_school_cohort ON graduates (school_id, graduation_time);

-- 修改"定向/委培"培养方式，学校提交申请，省级进行审核 (seed 004 §3).
CREATE TABLE training_mode_requests (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  graduate_id INTEGER NOT NULL REFERENCES graduates(id),
  training_mode_code TEXT NOT NULL,
  unit TEXT,
  reason TEXT NOT NULL,
  old_training_mode_code TEXT NOT NULL,
  old_unit TEXT,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
  decision_reason TEXT,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  decided_by INTEGER REFERENCES users(id)
);
CREATE INDEX training_mode_requests_school ON training_mode_requests (school_id, status);
CREATE UNIQUE INDEX training_mode_requests_open ON training_mode_requests (graduate_id) WHERE status = 'submitted';

-- The history of both kinds of province decision.
CREATE TABLE province_events (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL CHECK (subject IN ('roster_report', 'training_mode_request')),
  subject_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX province_events_subject ON province_events (subject, subject_id);
