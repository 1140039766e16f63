/** The roster feature (生源): its JSON API (mounted under /api/v1) and its pages. */
import type { Feature } from '../features.js'
import { rosterApi } from './routes.js'
import { rosterPages } from './pages.js'

export { rosterApi } from './routes.js'
export { rosterPages } from './pages.js'

export const rosterFeature: Feature = { name: 'roster', api: rosterApi, pages: rosterPages }
