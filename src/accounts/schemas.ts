/** The accounts' inputs, one schema each, shared by the JSON API (routes.ts) and the pages. */
import { z } from '../openapi.js'

const Perm = z.enum(['rw', 'ro', 'none'])
const PermissionsSchema = z.object({ info: Perm, archive: Perm, hukou: Perm }).openapi('Permissions')
export const UserSchema = z
  .object({
    username: z.string(),
    role: z.enum(['school', 'department', 'counsellor', 'student', 'employer', 'province']),
    department: z.string().nullable(),
    permissions: PermissionsSchema,
    mustChangePassword: z.boolean(),
    educationScope: z.enum(['all', 'undergraduate', 'graduate']).optional(),
    classes: z.array(z.string()).optional(),
  })
  .openapi('User')

const MIN_PASSWORD = 8
export const newPassword = z.string().min(MIN_PASSWORD, `至少 ${MIN_PASSWORD} 个字符`).max(128, '不能超过 128 个字符')

export const LoginBody = z.object({
  username: z.string().min(1, '必须填写').max(64),
  password: z.string().min(1, '必须填写').max(128),
  school: z
    .string()
    .regex(/^\d{5}$/, '院校代码应为 5 位数字')
    .optional()
    .openapi({ description: '院校代码；一个部署有多所学校（省级部署）时，学校用户和毕业生必须填写' }),
})

/** Contract §7 addition: one's own address for mail (null or '' clears it). */
export const EmailBody = z.object({
  email: z
    .union([z.literal(''), z.null(), z.string().trim().max(254, '不能超过 254 个字符').email('不是有效的电子邮箱地址')])
    .transform((v) => (v ? v : null)),
})

export const PasswordBody = z.object({ oldPassword: z.string().min(1, '必须填写').max(128), newPassword })

const EducationScopeSchema = z.enum(['all', 'undergraduate', 'graduate'])
const ClassesSchema = z.array(z.string().max(50, '每个班级名称不能超过 50 个字')).max(100, '最多 100 个班级')

export const CreateUserSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, '只能使用 2–64 个字母、数字或 _ . @ -'),
  password: newPassword,
  role: z.enum(['school', 'department', 'counsellor']),
  department: z.string().trim().min(1).max(100).nullable().optional(),
  /** A counsellor's 所在班级 (contract §6). */
  classes: ClassesSchema.optional(),
  educationScope: EducationScopeSchema.optional(),
  /**
   * Contract §4.1: the API creates a 院系 it does not know (default true, as before); the 添加用户
   * page chooses from the existing ones and sends false, so a typo is a 400 naming close names
   * (issue 13 item 9).
   */
  createDepartment: z.boolean().optional(),
  permissions: PermissionsSchema,
  displayName: z.string().trim().max(50).optional(),
})

/** PATCH /api/v1/users/{username} (contract §6). */
export const PatchUserSchema = z.object({
  permissions: PermissionsSchema.optional(),
  department: z.string().trim().min(1, '必须选择').max(100).optional(),
  classes: ClassesSchema.optional(),
  educationScope: EducationScopeSchema.optional(),
  disabled: z.boolean().optional(),
})
export type StaffPatch = z.infer<typeof PatchUserSchema>

export const StaffUserSchema = z
  .object({
    username: z.string(),
    displayName: z.string().nullable(),
    role: z.enum(['school', 'department', 'counsellor', 'student']),
    department: z.string().nullable(),
    classes: z.array(z.string()),
    educationScope: EducationScopeSchema,
    disabled: z.boolean(),
    permissions: PermissionsSchema,
    locked: z.boolean(),
    failedLogins: z.number(),
  })
  .openapi('StaffUser')
export type CreateStaffInput = z.infer<typeof CreateUserSchema>

export const UsernameParam = z.object({ username: z.string().min(1).max(64) })

export const ResetBody = z
  .object({
    graduateIds: z.array(z.number().int().positive()).max(100_000).optional(),
    department: z.string().min(1).optional(),
    all: z.boolean().optional(),
  })
  .refine((v) => v.graduateIds?.length || v.department || v.all, {
    message: '请选择要重置密码的毕业生',
    path: ['graduateIds'],
  })

/** 批量解锁 (issue 13 item 8): a selection of graduates. */
export const UnlockBody = z.object({
  graduateIds: z.array(z.coerce.number().int().positive()).min(1, '请选择毕业生').max(10_000),
})
