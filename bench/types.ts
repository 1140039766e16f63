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
  /** The same for a bare POST route that parses a small JSON body and answers it: the ceiling for POST lookups. */
  barePostRps: number
  /** Loopback load: autocannon against a server started by the module itself. */
  load(
    url: string,
    opts?: {
      connections?: number
      duration?: number
      /** A fixed total request rate instead of as fast as the server answers. */
      overallRate?: number
      method?: string
      body?: string
      headers?: Record<string, string>
      requests?: Array<{ method?: string; path?: string; body?: string; headers?: Record<string, string> }>
    },
  ): Promise<{ rps: number; p99: number; non2xx: number; errors: number; total: number; cpuCores: number }>
}

export interface BenchModule {
  name: string
  run(ctx: BenchContext): Promise<Record<string, Figure>>
}

/**
 * The Node flags of `npm start` (package.json): child processes that stand for the server in a
 * benchmark run with the same ones. The request thread keeps V8's default GC settings (issue 19:
 * the global 4 MB semi-space cost 20–30% of /healthz throughput); an import's memory is bounded by
 * the sheet-parse worker's heap limit instead (src/platform/node/sheet-parse-pool.ts).
 */
export const SERVER_NODE_FLAGS = ['--import', 'tsx']
