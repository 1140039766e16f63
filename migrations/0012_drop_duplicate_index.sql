-- graduates_school_graduation (0003) and graduates_school_cohort (0006) index the same columns,
-- (school_id, graduation_time): every roster write paid for both. The second one, named for the
-- 届 it serves, stays. Measured by the roster import's write time (bench/import.bench.ts).
DROP INDEX IF EXISTS graduates_school_graduation;
