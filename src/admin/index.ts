/** The admin feature: the school dashboard — its JSON API (mounted under /api/v1) and GET /admin. */
import type { Feature } from '../features.js'
import { adminApi } from './api.js'
import { adminPages } from './pages.js'

export { adminApi, adminPages }

export const adminFeature: Feature = { name: 'admin', api: adminApi, pages: adminPages }
