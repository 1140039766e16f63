-- Issue 13 item 3: an import records whether it finished. `running` while rows are stored,
-- `done` when the last batch and its totals are written, `interrupted` when its process died
-- (marked at start-up, or by the supervisor when that one serving process exits) or it stopped
-- on an error after storing rows. Imports made before this migration finished: `done`.
ALTER TABLE imports ADD COLUMN status TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('running', 'done', 'interrupted'));
-- When it reached `done` or `interrupted`.
ALTER TABLE imports ADD COLUMN finished_at TEXT;
-- Which serving process runs it (Node: the process id), so a supervisor can mark the imports of a
-- process that died.
ALTER TABLE imports ADD COLUMN owner TEXT;
CREATE INDEX imports_running ON imports (status) WHERE status = 'running';
CREATE INDEX imports_school_created ON imports (school_id, created_at);
