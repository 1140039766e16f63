-- 补登 (seed 004 §2.6): a paper agreement already carries the 协议编号 printed on it. The graduate
-- types it into the draft; it becomes the agreement's agreement_no (UNIQUE) only when the school's
-- review puts it in force, so a rejected or withdrawn draft never holds a number another entry of
-- the same paper would need.
ALTER TABLE agreements ADD COLUMN paper_no TEXT;
