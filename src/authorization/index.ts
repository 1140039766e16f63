/** The authorization feature (学生核验授权, contract §4.6): its JSON API (under /api/v1) and its page. */
import type { Feature } from '../features.js'
import { authorizationApi } from './routes.js'
import { authorizationPages } from './pages.js'

export { authorizationApi, authorizationPages }

export const authorizationFeature: Feature = { name: 'authorization', api: authorizationApi, pages: authorizationPages }
