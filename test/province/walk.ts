/**
 * The isolation walk both runtimes take (contract §8: "A school's users see nothing of another
 * school: another school's ids answer 404"): every route of the OpenAPI document, called as
 * school A's administrator with school B's ids in its path, a body naming B's graduate and a
 * query naming B's graduate. No answer may succeed on B's ids or say B's object is "already
 * decided" (409), no answer may carry anything of B, and nothing answers 5xx. The list of routes
 * is the service's own document, so a new route is walked without anyone adding it here.
 *
 * Node (test/province/isolation.test.ts, app.request) and workerd (test/worker/province.test.ts,
 * loopback HTTP) each make school B their own way and hand the walk a `send`; each then checks
 * that B's data is exactly as before.
 */
import { expect } from 'vitest'

/** Routes that are nobody's school data: signing in and out, and the public lookup. */
const NOT_SCHOOL_SCOPED = new Set(['POST /api/v1/session', 'DELETE /api/v1/session', 'POST /api/v1/verify'])

/** Id routes that must answer exactly 404 (not merely some refusal). */
const CORE_NOT_FOUND = [
  'GET /api/v1/graduates/{id}',
  'POST /api/v1/registrations/{id}/decision',
  'POST /api/v1/graduates/{id}/training-mode-requests',
  'GET /api/v1/graduates/{id}/transfer-sheet.pdf',
  'GET /api/v1/graduates/import/{importId}/failures.xlsx',
]

export interface OtherSchool {
  graduate: { id: number; name: string }
  registrationId: number
  correctionId: number
  /**
   * B's ids by what the path names before the parameter: the path up to it without `/api/v1/`
   * (`registrations/import`) or, failing that, its last segment (`graduates`, `files`). A
   * parameter with neither gets the graduate's id.
   */
  ids: Record<string, string>
  /** A route's parameters, in order, where the rule above cannot tell them (two objects of one kind). */
  routes?: Record<string, string[]>
  /** Everything of B an answer to A must never carry (names, numbers, usernames, units). */
  markers: string[]
  /** Required ids: the walk fails unless each of these answered exactly 404 (beyond CORE_NOT_FOUND). */
  notFound?: string[]
}

export type Send = (method: string, path: string, body: unknown) => Promise<{ status: number; text: string }>

export async function walkAsOtherSchool(paths: Record<string, Record<string, unknown>>, send: Send, b: OtherSchool) {
  // One body for every write: zod objects ignore keys they do not know, so each route finds the
  // fields it needs, all naming school B's graduate.
  const body = {
    decision: 'approve',
    // Free text for most routes, and one of 强制解约's reasons, so that route gets past validation too.
    reason: '升学',
    cohort: 2026,
    trainingModeCode: '1',
    unit: null,
    graduateIds: [b.graduate.id],
    registrationIds: [b.registrationId],
    ids: [b.correctionId],
    department: '计算机学院',
    permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
    password: 'another-password-1',
    result: '确认无误',
    state: '未确认',
    opinion: '隔离测试',
    note: '隔离测试',
  }
  const query = `?graduateIds=${b.graduate.id}&q=${encodeURIComponent(b.graduate.name)}`
  let walked = 0
  let withIds = 0
  const notFound: string[] = []
  for (const [template, ops] of Object.entries(paths)) {
    for (const method of Object.keys(ops)) {
      const name = `${method.toUpperCase()} ${template}`
      if (NOT_SCHOOL_SCOPED.has(name)) continue
      const segments = template.split('/')
      const hasParam = segments.some((s) => s.startsWith('{'))
      const given = [...(b.routes?.[template] ?? [])]
      const path = segments
        .map((s, i) => {
          if (!s.startsWith('{')) return s
          if (given.length) return encodeURIComponent(given.shift()!)
          const before = segments.slice(3, i).join('/')
          const id = b.ids[before] ?? b.ids[segments[i - 1] ?? ''] ?? String(b.graduate.id)
          return encodeURIComponent(id)
        })
        .join('/')
      const payload = method === 'get' || method === 'delete' ? undefined : body
      const q = method === 'get' ? query : ''
      const res = await send(method.toUpperCase(), path + q, payload)
      walked++
      // An error may repeat what the caller sent in the path; anything else of B is a leak.
      const sent = decodeURIComponent(path + q)
      for (const m of b.markers) if (!sent.includes(m)) expect(res.text, `${name} leaked ${m}`).not.toContain(m)
      expect(res.status, `${name} → ${res.status}`).toBeLessThan(500)
      if (hasParam) {
        withIds++
        // Another school's id is never found, never acted on, never "already decided".
        expect(res.status >= 200 && res.status < 300, `${name} succeeded on school B's id`).toBe(false)
        expect(res.status, `${name} saw school B's object`).not.toBe(409)
        if (res.status === 404) notFound.push(name)
      }
    }
  }
  expect(walked).toBeGreaterThan(40)
  expect(withIds).toBeGreaterThan(10)
  for (const name of [...CORE_NOT_FOUND, ...(b.notFound ?? [])]) expect(notFound, name).toContain(name)
  return { walked, withIds, notFound }
}
