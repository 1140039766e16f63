// Runs autocannon in its own process (so the load does not share the server's event loop) and
// prints its JSON result. Options come as one JSON argument. `cpuCores` is the load generator's
// own CPU time ÷ wall time: how much of the shared two cores it took from the server under test.
import autocannon from 'autocannon'

const opts = JSON.parse(process.argv[2])
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const result = await autocannon({ ...opts, setupClient: undefined })
const cpu = process.cpuUsage(cpu0)
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - t0),
  }),
)
