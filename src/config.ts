/**
 * Every setting of contract §1, parsed once. Nothing else in the project reads the
 * environment: the Node entry hands `process.env` in, the Workers entry hands its `env` binding.
 */
import { z } from 'zod'

export interface Config {
  port: number
  host: string
  databasePath: string
  publicBaseUrl: string
  schoolCode: string
  schoolName: string
  adminPassword: string | undefined
  secretKey: string | undefined
  trustProxy: boolean
  verifyFailureLimit: number
  verifyFailureWindowS: number
  /**
   * Mail for notifications and password resets (contract §1, §7): both set, or neither (then
   * only the inbox works). The URL carries the SMTP credentials: never print it.
   */
  mail: { smtpUrl: string; from: string } | null
  /** `school`: one school (SCHOOL_CODE); `province`: many schools created by the province (contract §8). */
  deployment: 'school' | 'province'
  /** The province's 2-digit code and name; set only when `deployment` is `province`. */
  provinceCode: string | null
  provinceName: string | null
  /**
   * The certificate that signs agreements (contract §1, §5): AGREEMENT_SIGNING_P12 is a path to a
   * .p12 / .pfx file (Node: read by the entry, src/platform/node/signing-p12.ts) or the file's
   * base64 (both runtimes); AGREEMENT_SIGNING_PASSWORD its password. Unset: a key and self-signed
   * certificate generated on first start and kept in the database (src/agreements/signing-key.ts).
   */
  agreementSigning: { p12: string; password: string } | null
  /** Serving processes on Node (contract §1); undefined: one per core (the Node entry decides). */
  webConcurrency: number | undefined
  /** Scheduled backups: off when `backupDir` is unset. */
  backupDir: string | undefined
  backupIntervalH: number
  backupKeep: number
}

/** A bad setting: start-up stops with `message`, one line naming the setting. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`设置 ${setting} 无效：${detail}`)
    this.name = 'ConfigError'
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const int = (min: number, max: number, what: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, `应为整数（${what}）`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `应在 ${min} 到 ${max} 之间（${what}）`)
      .optional(),
  )
const text = z.preprocess(blankToUndefined, z.string().optional())

const schema = z.object({
  PORT: int(1, 65535, '端口号'),
  HOST: text,
  DATABASE_PATH: text,
  PUBLIC_BASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((s) => {
        try {
          const u = new URL(s)
          return u.protocol === 'http:' || u.protocol === 'https:'
        } catch {
          return false
        }
      }, '应为 http:// 或 https:// 开头的网址')
      .optional(),
  ),
  SCHOOL_CODE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{5}$/, '院校代码应为 5 位数字')
      .optional(),
  ),
  SCHOOL_NAME: text,
  ADMIN_PASSWORD: z.preprocess(blankToUndefined, z.string().min(8, '管理员密码至少 8 个字符').optional()),
  SECRET_KEY: z.preprocess(blankToUndefined, z.string().min(32, '密钥至少 32 个字符').optional()),
  TRUST_PROXY: z.preprocess(blankToUndefined, z.enum(['0', '1', 'true', 'false'], '应为 1 或 0').optional()),
  VERIFY_FAILURE_LIMIT: int(1, 1_000_000, '失败次数'),
  VERIFY_FAILURE_WINDOW_S: int(1, 86_400 * 30, '秒数'),
  SMTP_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((s) => {
        try {
          const u = new URL(s)
          return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && !!u.hostname
        } catch {
          return false
        }
      }, '应为 smtp:// 或 smtps:// 开头的地址，如 smtp://user:pass@host:587')
      .optional(),
  ),
  AGREEMENT_SIGNING_P12: z.preprocess(blankToUndefined, z.string().optional()),
  AGREEMENT_SIGNING_PASSWORD: z.preprocess(blankToUndefined, z.string().optional()),
  MAIL_FROM: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, '应为邮件地址，如 去向 <noreply@example.edu.cn>')
      .optional(),
  ),
  DEPLOYMENT: z.preprocess(blankToUndefined, z.enum(['school', 'province'], '应为 school 或 province').optional()),
  // The 省级行政区划代码 (GB/T 2260): 11–65, 71, 81, 82 — two digits, never starting with 0 or 9.
  PROVINCE_CODE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[1-8]\d$/, '省级行政区划代码应为 2 位数字（如 44）')
      .optional(),
  ),
  PROVINCE_NAME: z.preprocess(blankToUndefined, z.string().trim().min(2, '至少 2 个字').max(30).optional()),
  WEB_CONCURRENCY: int(1, 256, '进程数'),
  BACKUP_DIR: text,
  BACKUP_INTERVAL_H: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, '应为小时数（如 24 或 0.5）')
      .transform(Number)
      .refine((n) => n >= 0.01 && n <= 24 * 365, '应在 0.01 到 8760 小时之间')
      .optional(),
  ),
  BACKUP_KEEP: int(1, 10_000, '保留份数'),
})

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigError(String(issue.path[0]), issue.message)
  }
  const e = parsed.data
  if (e.SMTP_URL && !e.MAIL_FROM) throw new ConfigError('MAIL_FROM', '设置了 SMTP_URL 时必须同时设置发件地址')
  if (e.MAIL_FROM && !e.SMTP_URL) throw new ConfigError('SMTP_URL', '设置了 MAIL_FROM 时必须同时设置邮件服务器')
  const deployment = e.DEPLOYMENT ?? 'school'
  if (deployment === 'province') {
    if (!e.PROVINCE_CODE)
      throw new ConfigError('PROVINCE_CODE', '省级部署（DEPLOYMENT=province）必须设置省级行政区划代码')
    if (!e.PROVINCE_NAME) throw new ConfigError('PROVINCE_NAME', '省级部署（DEPLOYMENT=province）必须设置省份名称')
  }
  if (e.AGREEMENT_SIGNING_PASSWORD && !e.AGREEMENT_SIGNING_P12)
    throw new ConfigError(
      'AGREEMENT_SIGNING_P12',
      '设置了 AGREEMENT_SIGNING_PASSWORD 时必须同时给出证书（文件路径或 base64）',
    )
  const port = e.PORT ?? 8787
  return {
    port,
    host: e.HOST ?? '127.0.0.1',
    databasePath: e.DATABASE_PATH ?? './data/quxiang.db',
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    schoolCode: e.SCHOOL_CODE ?? '99999',
    schoolName: e.SCHOOL_NAME ?? '示例大学',
    adminPassword: e.ADMIN_PASSWORD,
    secretKey: e.SECRET_KEY,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    verifyFailureLimit: e.VERIFY_FAILURE_LIMIT ?? 20,
    verifyFailureWindowS: e.VERIFY_FAILURE_WINDOW_S ?? 600,
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    deployment,
    provinceCode: deployment === 'province' ? e.PROVINCE_CODE! : null,
    provinceName: deployment === 'province' ? e.PROVINCE_NAME! : null,
    agreementSigning: e.AGREEMENT_SIGNING_P12
      ? { p12: e.AGREEMENT_SIGNING_P12, password: e.AGREEMENT_SIGNING_PASSWORD ?? '' }
      : null,
    webConcurrency: e.WEB_CONCURRENCY,
    backupDir: e.BACKUP_DIR,
    backupIntervalH: e.BACKUP_INTERVAL_H ?? 24,
    backupKeep: e.BACKUP_KEEP ?? 14,
  }
}

/** The Node entry's settings: this process's environment (the one place that reads it). */
export function configFromProcessEnv(): Config {
  return parseConfig(process.env)
}
