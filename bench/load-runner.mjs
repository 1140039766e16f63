// Runs autocannon in its own process (so the load does not share the server's event loop) and
// prints its JSON result. Options come as one JSON argument.
import autocannon from 'autocannon'

const opts = JSON.parse(process.argv[2])
const result = await autocannon({ ...opts, setupClient: undefined })
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
)
