/**
 * The lookup feature (contract §4.7, 户档部门查询核验): its JSON API (mounted under /api/v1) and its
 * pages. The lookup itself is in service.ts, the one query in queries.ts, the decision in
 * src/domain/lookup.ts, the failure limiter in src/rate-limit.ts.
 */
import type { Feature } from '../features.js'
import { lookupApi } from './api.js'
import { lookupPages } from './pages.js'

export { lookupApi, lookupPages }
export { sqliteStatements, d1Statements, kyselyStatements } from './statements.js'

export const lookupFeature: Feature = { name: 'lookup', publicApi: lookupApi, pages: lookupPages }
