-- The self-check's review steps (contract §6, issue 14 item 3): every level's approval, a return,
-- a 重新审核 — who, at which level, to which level. The row doubles as the guard of the step's
-- batch: it is written only when the conditional update of roster_corrections changed a row
-- (correction_id is NULL otherwise and the NOT NULL makes the whole batch fail), so of two racing
-- reviewers one wins and the other is answered 409 with nothing stored.
CREATE TABLE roster_correction_events (
  id INTEGER PRIMARY KEY,
  correction_id INTEGER NOT NULL REFERENCES roster_corrections(id),
  at TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL,
  move TEXT NOT NULL CHECK (move IN ('approve', 'return', 'reopen')),
  level TEXT,
  to_level TEXT,
  reason TEXT
);
CREATE INDEX roster_correction_events_correction ON roster_correction_events (correction_id);
