-- 消息提醒 (contract §7): the inbox, the mail outbox, password reset codes, the reminder log.

-- An address of its own for accounts that are not graduates (staff, employers); a graduate's
-- account falls back to the roster's 电子邮箱.
ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT,
  read_at TEXT
);
CREATE INDEX notifications_by_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- One row per message to send. status: pending → sending (claimed, leased) → sent | pending
-- (retry) | failed (permanent, or 24 h of retries) | uncertain (the sender stopped mid-send).
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  sent_at TEXT,
  last_error TEXT,
  server_response TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);

CREATE TABLE password_reset_codes (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  failed_tries INTEGER NOT NULL DEFAULT 0
);

-- Reminders from staff: at most one per graduate per Beijing-time day.
CREATE TABLE reminder_log (
  graduate_id INTEGER NOT NULL REFERENCES graduates(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  at TEXT NOT NULL,
  by_user_id INTEGER,
  batch TEXT NOT NULL,
  PRIMARY KEY (graduate_id, day)
);
CREATE INDEX reminder_log_batch ON reminder_log(batch);
