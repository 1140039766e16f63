/** The employers feature's request bodies (zod), shared by its routes and — through service.ts — by agreements. */
import { z } from '../openapi.js'

/** 查询毕业生: the employer names a graduate by 姓名, 身份证号 and 院校代码 (an invitation extends it). */
export const GraduateSearchSchema = z.object({
  studentName: z.string().min(1, '必须填写').max(50),
  idNumber: z.string().min(1, '必须填写').max(30),
  school: z.string().regex(/^\d{5}$/, '应为 5 位院校代码'),
})
