// Entry of a sheet worker thread: registers tsx (the project runs TypeScript through tsx, and a
// worker does not always inherit the parent's loader, e.g. under vitest), then loads the worker.
import { register } from 'tsx/esm/api'

register()
await import('./sheet-worker.ts')
