/**
 * Contract §1 through the real process: `npm start` honours PORT / HOST / DATABASE_PATH /
 * ADMIN_PASSWORD, and `npm start -- --demo` prints a name and a number that verify with 200.
 * Each process is started in its own process group and that group is killed at the end.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const ROOT = join(import.meta.dirname, '..', '..')
const started: ChildProcess[] = []
const dirs: string[] = []

afterEach(() => {
  for (const p of started.splice(0)) {
    try {
      if (p.pid && p.exitCode === null) process.kill(-p.pid, 'SIGTERM')
    } catch {}
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function start(args: string[], env: Record<string, string>) {
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const base = `http://${env.HOST ?? '127.0.0.1'}:${env.PORT}`
  const deadline = Date.now() + 90_000 // a busy CI machine (2 cores, two test files at once) may take a minute to load the demo
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}: ${out}`)
    try {
      const r = await fetch(`${base}/healthz`)
      if (r.status === 200) {
        expect(await r.json()).toEqual({ ok: true })
        return { base, output: () => out }
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`npm start did not answer /healthz: ${out}`)
}

describe('§1 npm start', () => {
  it('serves on PORT/HOST with DATABASE_PATH and ADMIN_PASSWORD; --demo prints a name and number that verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-e2e-'))
    dirs.push(dir)
    const dbPath = join(dir, 'nested', 'q.db')
    const port = await freePort()
    // HOST: another loopback address, so the default (127.0.0.1) must not answer.
    const { base, output } = await start(['--demo'], {
      PORT: String(port),
      HOST: '127.0.0.2',
      DATABASE_PATH: dbPath,
      ADMIN_PASSWORD: 'e2e-admin-password',
      SCHOOL_CODE: '12345',
      SCHOOL_NAME: '验收大学',
    })
    expect(existsSync(dbPath)).toBe(true)
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()

    const login = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'e2e-admin-password' }),
    })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const list = await fetch(`${base}/api/v1/graduates`, { headers: { authorization: `Bearer ${token}` } })
    const body = (await list.json()) as { total: number }
    expect(body.total).toBeGreaterThanOrEqual(200)

    // The printed name and number (the demo school's code in it).
    let text = output()
    for (let i = 0; i < 50 && !/\b\d{7}[2-9A-HJ-NP-Z]{8,10}\b/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 100))
      text = output()
    }
    const m = /姓名\s*[:：]?\s*(\S+?)[，,\s].*?([0-9]{2}12345[2-9A-HJ-NP-Z]{8,10})/.exec(text)
    expect(m, text).toBeTruthy()
    const [, name, number] = m!
    for (const kind of ['archive', 'hukou']) {
      const v = await fetch(`${base}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind, name, number }),
      })
      expect(v.status, `${kind} ${name} ${number}: ${await v.clone().text()}`).toBe(200)
      const data = (await v.json()) as { graduate: { school: string } }
      expect(data.graduate.school).toBe('验收大学')
    }
    // The form page works on the real server.
    const page = await fetch(`${base}/verify`)
    expect(page.status).toBe(200)

    // "200+ graduates in every state": every registration status a school-only review reaches,
    // and every confirmation state.
    const auth = { authorization: `Bearer ${token}` }
    for (const status of ['draft', 'submitted', 'approved', 'returned', 'rejected', 'voided']) {
      const r = (await (await fetch(`${base}/api/v1/registrations?status=${status}`, { headers: auth })).json()) as {
        total: number
      }
      expect(r.total, status).toBeGreaterThan(0)
    }
    const stats = (await (await fetch(`${base}/api/v1/confirmations/stats`, { headers: auth })).json()) as {
      rows: Record<string, Record<string, number>>
    }
    for (const state of ['未上报', '未确认', '确认有误', '确认无误'])
      expect(stats.rows[state]['总数'], state).toBeGreaterThan(0)

    // Restart on the same file without --demo: the data and the admin password stay, nothing is reloaded.
    // A lookup just before the stop: its log entry is still buffered and must be written on shutdown.
    const last = await fetch(`${base}/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'hukou', name: '不是这个人', number }),
    })
    expect(last.status).toBe(404)
    const first = started.at(-1)!
    // npm may exit before the server it started has finished stopping; the output pipe, which the
    // server inherited, closes only when the server is gone too.
    const exited = new Promise((r) => first.stdout!.once('close', r))
    process.kill(-first.pid!, 'SIGTERM')
    await exited
    const file = new Database(dbPath, { readonly: true })
    // Each serving process writes its own lookups (WEB_CONCURRENCY): every one is there, in any order.
    const logged = file.prepare('SELECT kind, outcome FROM lookups WHERE number = ? ORDER BY kind, outcome').all(number)
    file.close()
    expect(logged).toEqual([
      { kind: 'archive', outcome: 'found' },
      { kind: 'hukou', outcome: 'found' },
      { kind: 'hukou', outcome: 'not_found' },
    ])
    const port2 = await freePort()
    const again = await start([], {
      PORT: String(port2),
      HOST: '127.0.0.1',
      DATABASE_PATH: dbPath,
      ADMIN_PASSWORD: 'ignored-now-1',
      SCHOOL_CODE: '12345',
      SCHOOL_NAME: '验收大学',
    })
    const login2 = await fetch(`${again.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'e2e-admin-password' }),
    })
    expect(login2.status).toBe(200)
    const t2 = ((await login2.json()) as { token: string }).token
    const list2 = (await (
      await fetch(`${again.base}/api/v1/graduates`, { headers: { authorization: `Bearer ${t2}` } })
    ).json()) as { total: number }
    expect(list2.total).toBe(body.total)
    const v2 = await fetch(`${again.base}/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'archive', name, number }),
    })
    expect(v2.status).toBe(200)
  }, 150_000)

  it('a bad setting stops start-up with one line naming it', async () => {
    const port = await freePort()
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', DATABASE_PATH: ':memory:' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    started.push(child)
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).not.toBe(0)
    expect(err).toContain('PORT')
    void port
  }, 30_000)
})
