/** The transfer feature (学校转递档案, contract §4.5): its JSON API (under /api/v1) and its pages. */
import type { Feature } from '../features.js'
import { transferApi } from './routes.js'
import { transferPages } from './pages.js'

export { transferApi, transferPages }

export const transferFeature: Feature = { name: 'transfer', api: transferApi, pages: transferPages }
