-- 档案 and 户口 each get up to three images of their own (seed 004 §2.10 图像材料), beside the
-- destination's 证明材料: a file names the part it belongs to. Existing files are proof.
ALTER TABLE attachments ADD COLUMN part TEXT NOT NULL DEFAULT 'proof' CHECK (part IN ('proof', 'archive', 'hukou'));
