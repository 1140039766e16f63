-- 毕业生就业推荐表 (seed 003 §二(三), contract §6, issue 14 item 9): every write of a 推荐表 — the
-- graduate's 暂存 and 提交, the 院系's 审核通过 and 退回 — who, when, from which status to which, and
-- why. The row doubles as the guard of the write's batch: it is written only when the conditional
-- write of `recommendations` changed a row (recommendation_id is NULL otherwise and the NOT NULL
-- makes the whole batch fail), so of two racing reviewers one wins and the other is answered 409
-- with nothing stored — no second audit row, no second notification.
CREATE TABLE recommendation_events (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
  at TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL,
  move TEXT NOT NULL CHECK (move IN ('save', 'submit', 'approve', 'return')),
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT
);
CREATE INDEX recommendation_events_recommendation ON recommendation_events (recommendation_id);
