-- quxiang: the initial schema. Frozen in time: later changes go in new files.
-- One source of truth for both runtimes: the Node migrator applies these files in order,
-- and `wrangler d1 migrations apply` applies the same folder to D1.
-- Timestamps are ISO 8601 UTC strings ("2026-06-01T00:00:00.000Z"); months are "YYYYMM".

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE schools (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  review_mode TEXT NOT NULL DEFAULT '仅校级审核',
  created_at TEXT NOT NULL
);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (school_id, name)
);

CREATE TABLE graduates (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  student_no TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  id_card TEXT NOT NULL,
  exam_no TEXT,
  gender_code TEXT NOT NULL,
  ethnicity_code TEXT NOT NULL,
  political_code TEXT NOT NULL,
  education_code TEXT NOT NULL,
  major_code TEXT NOT NULL,
  major_name TEXT NOT NULL,
  major_direction TEXT,
  length_of_schooling TEXT NOT NULL,
  training_mode_code TEXT NOT NULL,
  targeted_unit TEXT,
  origin_code TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  graduation_time TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  qq TEXT,
  home_address TEXT,
  home_phone TEXT,
  home_postcode TEXT,
  urban_rural TEXT,
  normal_student_code TEXT,
  hardship_code TEXT,
  class_name TEXT,
  withdrawn_at TEXT,
  withdrawn_reason TEXT,
  import_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (school_id, id_card),
  UNIQUE (school_id, student_no)
);
CREATE INDEX graduates_department ON graduates (department_id);
CREATE INDEX graduates_school_name ON graduates (school_id, name);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  username TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('school', 'department', 'student')),
  department_id INTEGER REFERENCES departments(id),
  graduate_id INTEGER REFERENCES graduates(id),
  display_name TEXT,
  perm_info TEXT NOT NULL DEFAULT 'none' CHECK (perm_info IN ('rw', 'ro', 'none')),
  perm_archive TEXT NOT NULL DEFAULT 'none' CHECK (perm_archive IN ('rw', 'ro', 'none')),
  perm_hukou TEXT NOT NULL DEFAULT 'none' CHECK (perm_hukou IN ('rw', 'ro', 'none')),
  -- NULL for a student still on the first password (the last six characters of 身份证号).
  password_hash TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (school_id, username)
);
CREATE UNIQUE INDEX users_graduate ON users (graduate_id) WHERE graduate_id IS NOT NULL;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The graduate's self-check (生源信息核对): proposed corrections awaiting a department's review.
CREATE TABLE roster_corrections (
  id INTEGER PRIMARY KEY,
  graduate_id INTEGER NOT NULL REFERENCES graduates(id),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned', 'withdrawn')),
  changes TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by INTEGER REFERENCES users(id)
);
CREATE INDEX roster_corrections_graduate ON roster_corrections (graduate_id);
CREATE INDEX roster_corrections_status ON roster_corrections (status);

CREATE TABLE registrations (
  id INTEGER PRIMARY KEY,
  graduate_id INTEGER NOT NULL UNIQUE REFERENCES graduates(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'department_approved', 'approved', 'returned', 'rejected', 'voided')),
  source TEXT NOT NULL CHECK (source IN ('登记系统', '就业管理系统上传', '就业管理系统接口')),
  version INTEGER NOT NULL DEFAULT 0,
  destination TEXT,
  archive TEXT,
  hukou TEXT,
  submitted_at TEXT,
  approved_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX registrations_status ON registrations (status);

CREATE TABLE registration_events (
  id INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  at TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX registration_events_registration ON registration_events (registration_id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  storage_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_registration ON attachments (registration_id);

-- 档案接收单位 directory (seed 004, 2.10), keyed by division code.
CREATE TABLE archive_units (
  id INTEGER PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  division_code TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  contact TEXT NOT NULL,
  phone TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (school_id, division_code)
);

-- 去向登记确认: one row per graduate, for the registration version it confirms.
CREATE TABLE confirmations (
  graduate_id INTEGER PRIMARY KEY REFERENCES graduates(id),
  registration_version INTEGER NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('确认无误', '确认有误')),
  destination_issue TEXT,
  archive_issue INTEGER NOT NULL DEFAULT 0,
  hukou_issue INTEGER NOT NULL DEFAULT 0,
  phone TEXT,
  at TEXT NOT NULL
);

CREATE TABLE transfer_numbers (
  number TEXT PRIMARY KEY,
  graduate_id INTEGER NOT NULL REFERENCES graduates(id),
  registration_version INTEGER NOT NULL,
  generated_at TEXT NOT NULL,
  generated_by INTEGER REFERENCES users(id),
  superseded_at TEXT
);
CREATE UNIQUE INDEX transfer_numbers_current ON transfer_numbers (graduate_id) WHERE superseded_at IS NULL;

CREATE TABLE verification_grants (
  number TEXT PRIMARY KEY,
  graduate_id INTEGER NOT NULL REFERENCES graduates(id),
  valid_until TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX verification_grants_graduate ON verification_grants (graduate_id);

-- Every public lookup. Never the typed name or the raw client address: a keyed hash of it.
CREATE TABLE lookups (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  number TEXT NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  graduate_id INTEGER,
  client_hash TEXT NOT NULL
);
CREATE INDEX lookups_graduate ON lookups (graduate_id, at);

-- Failed-lookup counters per client (fixed windows); in the database so that they survive a
-- restart and are shared by every process serving the same database.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
);

CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  school_id INTEGER NOT NULL REFERENCES schools(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  headers TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  department_id INTEGER REFERENCES departments(id),
  created_at TEXT NOT NULL
);

CREATE TABLE import_failures (
  import_id TEXT NOT NULL REFERENCES imports(id),
  row INTEGER NOT NULL,
  cells TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (import_id, row)
);

-- Header mappings a school chose by hand for an import kind, remembered for the next upload.
CREATE TABLE header_mappings (
  school_id INTEGER NOT NULL REFERENCES schools(id),
  kind TEXT NOT NULL,
  mapping TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (school_id, kind)
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  school_id INTEGER,
  actor_user_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
