// Entry of a sheet-parse worker thread when esbuild is not at hand: registers tsx, then loads the
// worker (see worker-module.ts).
import { register } from 'tsx/esm/api'

register()
await import('./sheet-parse-worker.ts')
