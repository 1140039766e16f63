/**
 * Helpers for the Workers suite: plain HTTP against the servers started by global-setup.ts.
 * Nothing here touches the database directly — the Worker is tested as the outside world sees it.
 */
import { inject } from 'vitest'
import { makeIdCard } from '../../src/domain/id-card.js'

export const ADMIN_PASSWORD = 'admin-pass-2026'
let ownWorker: string | undefined
/** The server these helpers talk to: the suite's one-school server (global-setup.ts), or another. */
const baseUrl = () => ownWorker ?? inject('workerUrl')
/**
 * Points every helper of this test file at another server: one it started itself (e.g. with mail
 * on), or global-setup.ts's province deployment.
 */
export function useWorker(url: string) {
  ownWorker = url
  adminToken = undefined
}

/**
 * A value no other test in this run has used: for student numbers, usernames, addresses. Each
 * test file (process) counts up from its own random start, so files running side by side
 * against the one server practically never meet: ranges of a few hundred in 1.6 billion (a
 * space of 1.6 million once let the bulk test's 800 values meet another file's in CI).
 */
const start = Math.floor(Math.random() * 1_600_000_000)
let counter = 0
export function unique(): number {
  counter += 1
  return start + counter
}

/** A distinct client address per test, so per-address rate limits never leak between tests. */
export function clientIp(): string {
  const n = unique()
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}

export interface Reply<T = any> {
  status: number
  data: T
  res: Response
  bytes?: Uint8Array
}

export async function request(
  method: string,
  path: string,
  {
    body,
    token,
    headers = {},
    ip,
  }: { body?: unknown; token?: string; headers?: Record<string, string>; ip?: string } = {},
): Promise<Response> {
  const h: Record<string, string> = { ...headers }
  if (token) h.Authorization = `Bearer ${token}`
  if (ip) h['X-Forwarded-For'] = ip
  let payload: BodyInit | undefined
  if (body instanceof FormData || body instanceof URLSearchParams) payload = body
  else if (body !== undefined) {
    h['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  const send = () => fetch(baseUrl() + path, { method, headers: h, body: payload, redirect: 'manual' })
  try {
    return await send()
  } catch (e) {
    // undici reuses a kept-alive socket that wrangler's proxy may have just closed ("other side
    // closed", UND_ERR_SOCKET) — a race of the client's pool, not an answer of the service. Only a
    // request that cannot have changed anything (GET/HEAD) is sent again, once.
    const code = (e as { cause?: { code?: string } }).cause?.code
    if ((method === 'GET' || method === 'HEAD') && code === 'UND_ERR_SOCKET') return send()
    throw e
  }
}

export async function json<T = any>(
  method: string,
  path: string,
  opts: Parameters<typeof request>[2] = {},
): Promise<Reply<T>> {
  const res = await request(method, path, opts)
  const text = await res.text()
  let data: T
  try {
    data = JSON.parse(text)
  } catch {
    data = text as T
  }
  return { status: res.status, data, res }
}

export async function binary(
  method: string,
  path: string,
  opts: Parameters<typeof request>[2] = {},
): Promise<Reply<null> & { bytes: Uint8Array }> {
  const res = await request(method, path, opts)
  return { status: res.status, data: null, res, bytes: new Uint8Array(await res.arrayBuffer()) }
}

export async function login(username: string, password: string): Promise<string> {
  const r = await json('POST', '/api/v1/session', { body: { username, password } })
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data.token as string
}

let adminToken: Promise<string> | undefined
export const admin = () => (adminToken ??= login('admin', ADMIN_PASSWORD))

export async function createStaff(
  username: string,
  input: {
    role?: 'school' | 'department'
    department?: string | null
    permissions?: Partial<Record<'info' | 'archive' | 'hukou', 'rw' | 'ro' | 'none'>>
  } = {},
) {
  const password = `${username}-password`
  const r = await json('POST', '/api/v1/users', {
    token: await admin(),
    body: {
      username,
      password,
      role: input.role ?? 'department',
      department: input.department ?? null,
      permissions: { info: 'rw', archive: 'rw', hukou: 'rw', ...input.permissions },
    },
  })
  if (r.status !== 201) throw new Error(`create user failed: ${r.status} ${JSON.stringify(r.data)}`)
  return { username, password, token: await login(username, password) }
}

/** A valid, never-used 身份证号 (checksum included). */
export function idCard(gender: '1' | '2' = '1'): string {
  // Injective over 1000 division codes × 10 years × 12 months × 28 days × 500 sequence numbers.
  const u = unique()
  const division = `110${String(Math.floor(u / 1_680_000) % 1000).padStart(3, '0')}`
  let n = u % 1_680_000
  const seq = (n % 500) * 2 + (gender === '1' ? 1 : 0)
  n = Math.floor(n / 500)
  const day = String((n % 28) + 1).padStart(2, '0')
  n = Math.floor(n / 28)
  const month = String((n % 12) + 1).padStart(2, '0')
  const year = 1995 + Math.floor(n / 12)
  return makeIdCard(division, `${year}${month}${day}`, seq, gender)
}

/** multipart body with one file field. */
export function fileForm(name: string, data: Uint8Array | string, type: string, field = 'file'): FormData {
  const form = new FormData()
  form.append(
    field,
    new Blob([(typeof data === 'string' ? new TextEncoder().encode(data) : data) as Uint8Array<ArrayBuffer>], { type }),
    name,
  )
  return form
}
