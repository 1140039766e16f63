/** The shape every benchmark module follows; bench/run.ts discovers bench/*.bench.ts files. */
export interface Figure {
  value: number
  unit: string
  baseline?: number
  ratio?: number
  note?: string
}

export interface BenchContext {
  /** Requests per second of a bare Hono JSON route on @hono/node-server, measured in this run. */
  bareHonoRps: number
  /** Loopback load: autocannon against a server started by the module itself. */
  load(url: string, opts?: { connections?: number; duration?: number; method?: string; body?: string; headers?: Record<string, string>; requests?: Array<{ method?: string; path?: string; body?: string; headers?: Record<string, string> }> }): Promise<{ rps: number; p99: number; non2xx: number; errors: number }>
}

export interface BenchModule {
  name: string
  run(ctx: BenchContext): Promise<Record<string, Figure>>
}
