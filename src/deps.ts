/** What every handler can reach: the app's dependencies and the request's user. */
import type { GetConnInfo } from 'hono/conninfo'
import type { Config } from './config.js'
import type { Batch } from './db/batch.js'
import type { Db, EducationScope } from './db/schema.js'
import type { Permissions, SessionRole } from './domain/roles.js'
import type { ScryptParams } from './accounts/password.js'
import type { FontLoader } from './documents/fonts.js'
import type { SheetRenderer } from './documents/renderer.js'
import type { SheetParser } from './imports/parser.js'

/** Where attachments live: a folder on Node, R2 on Workers, memory in tests. */
export interface BlobStorage {
  put(key: string, data: Uint8Array, contentType: string): Promise<void>
  get(key: string): Promise<Uint8Array | null>
  delete(key: string): Promise<void>
}

/** Where lookup log entries go: buffered and written in batches by the entry that owns the db. */
export interface LookupLogEntry {
  at: string
  number: string
  kind: string
  outcome: string
  graduate_id: number | null
  client_hash: string
}
export interface LookupLog {
  add(entry: LookupLogEntry): void
  flush(): Promise<void>
}

/**
 * Optional fast path for hot, fixed queries (the public lookup): the SQL text is prepared once
 * and the statement reused — better-sqlite3 on Node (src/platform/node/statements.ts), D1's prepare()
 * on Workers. Without it the same SQL runs through Kysely (`kyselyStatements`).
 */
export interface Statements {
  /** The first row of `sql` (positional `?` parameters), or undefined. */
  first<T>(sql: string, params: readonly unknown[]): Promise<T | undefined>
}

/** The agreement-signing certificate's PKCS#12 bytes and password (src/documents/signing.ts). */
export interface SigningIdentity {
  p12: Uint8Array
  password: string
}

export interface AppDeps {
  db: Db
  batch: Batch
  config: Config
  /** The resolved signing key: SECRET_KEY, or the one generated on first start. */
  secretKey: string
  now: () => Date
  storage: BlobStorage
  lookupLog: LookupLog
  statements?: Statements
  passwordParams?: ScryptParams
  /** The bytes of the sheets' CJK font (Noto Sans SC); called once per process, then reused. */
  loadFont?: FontLoader
  /** Renders sheets for bulk downloads; default: in the request's thread. Node: worker threads. */
  sheetRenderer?: SheetRenderer
  /** Parses uploaded sheets; default: in the request's thread. Node: worker threads with a capped heap. */
  sheetParser?: SheetParser
  /** The client's address as the runtime sees it (Hono's ConnInfo helper of the runtime); none in tests. */
  connInfo?: GetConnInfo
  /**
   * The agreement-signing identity the entry resolved from AGREEMENT_SIGNING_P12 (Node reads a
   * file path here); absent: the config's base64, else the generated one kept in the database.
   */
  agreementSigning?: SigningIdentity
  /**
   * Which serving process this is (Node: its process id). Recorded on running imports, so the
   * supervisor can mark those of a process that died `interrupted`.
   */
  instance?: string
  /** Runs after the response where the runtime allows it (Workers: ctx.waitUntil). */
  defer?: (p: Promise<unknown>) => void
}

// The session's role and permissions are the domain's (src/domain/roles.ts).
export type { Permissions, SessionRole }

export interface CurrentUser {
  id: number
  schoolId: number
  schoolCode: string
  username: string
  displayName: string | null
  role: SessionRole
  /** 数据权限: what 学历 levels this user sees (contract §6). */
  educationScope: EducationScope
  /** A counsellor's 所在班级 names; empty for everyone else. */
  classes: string[]
  departmentId: number | null
  department: string | null
  graduateId: number | null
  /** Set for role `employer` only (then `id` is −employerId, no row of users). */
  employerId?: number
  permissions: Permissions
  mustChangePassword: boolean
  sessionId: string
  /** How the request proved who it is: a bearer token or the page cookie. */
  via: 'bearer' | 'cookie'
}

export interface AppEnv {
  Variables: {
    deps: AppDeps
    user: CurrentUser | null
    csrfToken: string
    requestId: string
    /** The signed-in user's unread notifications, counted for pages (src/notifications/unread.ts). */
    unread: number | undefined
  }
}
