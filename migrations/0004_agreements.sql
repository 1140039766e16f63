-- 就业协议 (contract §5, issues 15 and 16): employers and their accounts, 预警单位, 签约设置, and
-- one agreements table for online, offline and paper agreements with their events and files.

-- 用人单位. An employer is its own account, not a row of `users` (whose role CHECK is frozen in
-- 0001): it signs in through the same session API (src/accounts/login.ts) and is served by the
-- same session middleware, with its own sessions table because sessions.user_id references users.
CREATE TABLE employers (
  id INTEGER PRIMARY KEY,
  -- the school that reviews the registration (the deployment's school on a one-school deployment)
  school_id INTEGER NOT NULL REFERENCES schools(id),
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL UNIQUE,
  nature TEXT NOT NULL,
  industry TEXT NOT NULL,
  location TEXT NOT NULL,
  address TEXT NOT NULL,
  contact TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decision_reason TEXT,
  decided_at TEXT,
  decided_by INTEGER REFERENCES users(id),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX employers_school_status ON employers (school_id, status);

CREATE TABLE employer_sessions (
  id TEXT PRIMARY KEY,
  employer_id INTEGER NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX employer_sessions_employer ON employer_sessions (employer_id);

-- 学生收藏夹 (seed 004 §2.3 (1) ②): graduates an employer found by 姓名 + 身份证号 + 院校.
CREATE TABLE employer_favorites (
  employer_id INTEGER NOT NULL REFERENCES employers(id),
  graduate_id INTEGER NOT NULL REFERENCES graduates(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (employer_id, graduate_id)
);

-- 预设模板 of an invitation (seed 004 §2.3 (1) ③ "支持预设模板").
CREATE TABLE agreement_templates (
  id INTEGER PRIMARY KEY,
  employer_id INTEGER NOT NULL REFERENCES employers(id),
  name TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (employer_id, name)
);

-- 预警单位 (issue 15 item 2): kept per school.
CREATE TABLE warning_units (
  school_id INTEGER NOT NULL REFERENCES schools(id),
  credit_code TEXT NOT NULL,
  name TEXT NOT NULL,
  reason TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (school_id, credit_code)
);

-- 签约设置 (seed 004 §2.2). No row: the defaults (online signing off, 补登 on, 99 解约, no agents).
CREATE TABLE signing_settings (
  school_id INTEGER PRIMARY KEY REFERENCES schools(id),
  online_signing INTEGER NOT NULL DEFAULT 0,
  supplementary_registration INTEGER NOT NULL DEFAULT 1,
  max_rescissions INTEGER NOT NULL DEFAULT 99,
  agents TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE agreements (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  graduate_id INTEGER NOT NULL REFERENCES graduates(id),
  employer_id INTEGER REFERENCES employers(id),
  kind TEXT NOT NULL CHECK (kind IN ('online', 'offline', 'paper')),
  status TEXT NOT NULL CHECK (status IN ('invited', 'declined', 'expired', 'withdrawn', 'draft', 'submitted',
    'returned', 'awaiting_stamp', 'stamp_submitted', 'awaiting_review', 'in_force', 'rejected', 'rescinding',
    'rescinded', 'voided')),
  -- every write is conditional on the version it saw (src/agreements/service.ts)
  version INTEGER NOT NULL DEFAULT 0,
  review_stage TEXT CHECK (review_stage IN ('department', 'school')),
  protocol_approved INTEGER NOT NULL DEFAULT 0,
  rescission_stage TEXT CHECK (rescission_stage IN ('answer_student', 'answer_employer', 'department', 'school', 'returned')),
  -- the pending or last 解约 request: {"by","reason","note","at","letter"}
  rescission TEXT,
  agreement_no TEXT UNIQUE,
  unit TEXT NOT NULL,
  job TEXT NOT NULL,
  archive_transfer TEXT,
  hukou_transfer TEXT,
  terms TEXT,
  expires_at TEXT,
  in_force_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Contract §5: a graduate has at most one agreement from awaiting_review on (until rejected,
-- rescinded or voided). Held by the database, so two racing acceptances cannot both land.
CREATE UNIQUE INDEX agreements_one_binding ON agreements (graduate_id)
  WHERE status IN ('awaiting_review', 'submitted', 'awaiting_stamp', 'stamp_submitted', 'in_force', 'rescinding');
CREATE INDEX agreements_school_status ON agreements (school_id, status);
CREATE INDEX agreements_graduate ON agreements (graduate_id);
CREATE INDEX agreements_employer ON agreements (employer_id);

CREATE TABLE agreement_events (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  at TEXT NOT NULL,
  -- users.id of staff and graduates; NULL for an employer (named in `actor`)
  actor_user_id INTEGER,
  actor TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX agreement_events_agreement ON agreement_events (agreement_id);

-- The stamped agreement's images (协议书图像) and 解约函, stored through the storage port.
CREATE TABLE agreement_files (
  id TEXT PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('scan', 'rescission_letter')),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  storage_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX agreement_files_agreement ON agreement_files (agreement_id);
