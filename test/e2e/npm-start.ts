/**
 * The real `npm start` for end-to-end tests: each run in its own process group (killed at the
 * end with `stopAll`), a free port, `/healthz` awaited; plus plain HTTP calls on a fresh
 * connection each (no keep-alive), so the cluster's round-robin hands them to every serving
 * process in turn.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
const started: ChildProcess[] = []

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

export interface Started {
  child: ChildProcess
  base: string
  port: number
  output(): string
}

/**
 * `onSpawn` gets the child (with what it has printed so far) synchronously, before /healthz is
 * awaited: a test that must act on what the service does while it is still starting up (the mail
 * crash test kills it the moment its first mail arrives) needs the process before it is ready.
 */
export async function npmStart(
  args: string[],
  env: Record<string, string>,
  {
    readyMs = 60_000,
    onSpawn,
  }: { readyMs?: number; onSpawn?: (child: ChildProcess, output: () => string) => void } = {},
): Promise<Started> {
  const port = env.PORT ? Number(env.PORT) : await freePort()
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  onSpawn?.(child, () => out)
  const base = `http://${env.HOST ?? '127.0.0.1'}:${port}`
  const deadline = Date.now() + readyMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`npm start exited (${child.signalCode ?? child.exitCode}): ${out}`)
    try {
      const r = await fetch(`${base}/healthz`)
      if (r.status === 200) return { child, base, port, output: () => out }
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`npm start did not answer /healthz within ${readyMs / 1000} s: ${out}`)
}

/** Kills every process group started here (SIGKILL: nothing may outlive a test). */
export function stopAll(signal: NodeJS.Signals = 'SIGKILL') {
  for (const p of started.splice(0)) {
    try {
      if (p.pid) process.kill(-p.pid, signal)
    } catch {}
  }
}

/**
 * The serving processes: the node processes whose parent is the supervising node process. A node
 * process is told by its executable (args' first word), not by `comm`: Node 24 names its main
 * thread, so `comm` reads `MainThread` there.
 */
export function servingPids(s: Started): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, exe]) => ({ pid: Number(pid), ppid: Number(ppid), node: /(^|\/)node$/.test(exe ?? '') }))
  const children = (pid: number) => table.filter((p) => p.ppid === pid)
  // npm → (sh) → node supervisor → node serving processes
  const under = (pid: number): number[] => children(pid).flatMap((c) => [c.pid, ...under(c.pid)])
  const all = new Set(under(s.child.pid!))
  const nodes = table.filter((p) => all.has(p.pid) && p.node)
  return nodes.filter((p) => nodes.some((q) => q.pid === p.ppid)).map((p) => p.pid)
}

export interface Reply {
  status: number
  data: any
  text: string
  res: Response
}

/** One HTTP call on a connection of its own. `body`: JSON, or FormData (sent as multipart). */
export async function call(
  base: string,
  method: string,
  path: string,
  { body, token }: { body?: unknown; token?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { connection: 'close' }
  if (token) headers.authorization = `Bearer ${token}`
  let payload: Uint8Array | undefined
  if (body instanceof FormData) {
    const r = new Response(body)
    headers['content-type'] = r.headers.get('content-type')!
    payload = new Uint8Array(await r.arrayBuffer())
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json'
    payload = new TextEncoder().encode(JSON.stringify(body))
  }
  if (payload) headers['content-length'] = String(payload.byteLength)
  const u = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const buf = Buffer.concat(chunks)
          const text = buf.toString('utf8')
          let data: any = text
          try {
            data = JSON.parse(text)
          } catch {}
          const h = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v)
          resolve({
            status: res.statusCode!,
            data,
            text,
            res: new Response(buf, { status: res.statusCode!, headers: h }),
          })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** The shape the acceptance helpers (outsider.ts) drive, over real HTTP. */
export function remote(base: string, adminToken: string) {
  return {
    adminToken,
    json: (method: string, path: string, opts: { body?: unknown; token?: string } = {}) =>
      call(base, method, path, opts),
  }
}
