/**
 * Who may do what: the roles and the three 数据权限 parts (基本信息, 档案, 户口) of contract §6.
 * The domain's, so that the schema, the session (deps.ts) and the views all name the same types.
 */
export type Permission = 'rw' | 'ro' | 'none'

/** `employer` accounts live in `employers` (migration 0004), never in `users`. */
type Role = 'school' | 'department' | 'student' | 'employer'

/** The roles a `users` row can hold (its CHECK constraint). */
export type UserRole = Exclude<Role, 'employer'>

export interface Permissions {
  info: Permission
  archive: Permission
  hukou: Permission
}

/**
 * The role a session acts in: the stored role, or `province` for the administrator of the
 * province's own organisation row (schools.kind = 'province', migration 0006), or `counsellor`
 * (班主任/辅导员, contract §6) for a department row marked as counsellor (migration 0003),
 * scoped to its classes.
 */
export type SessionRole = Role | 'province' | 'counsellor'
