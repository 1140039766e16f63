/** The lookup's one input, shared by `POST /api/v1/verify` and the page's `POST /verify`. */
import { z } from '../openapi.js'

export const VerifyBody = z
  .object({
    kind: z
      .enum(['archive', 'hukou'])
      .openapi({ description: '查询类型：archive 档案转递信息（档案接收部门），hukou 户口迁移信息（户口接收部门）' }),
    name: z.string().trim().min(1, '必须填写').max(60, '最多 60 个字符').openapi({
      description: '毕业生姓名；按 NFKC 规范化、去空格、各种间隔号视为相同后比较',
      example: '阿依古丽·买买提',
    }),
    number: z.string().min(1, '必须填写').max(64, '最多 64 个字符').openapi({
      description: '转递编号（17 位）或核验编号（15 位）；不区分大小写，空格和短横线忽略',
      example: '26100012345678923',
    }),
  })
  .openapi('VerifyRequest')
