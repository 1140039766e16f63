/** The lookup feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const lookupApi = createRouter()
export const lookupPages = new Hono<AppEnv>()

export const lookupFeature: Feature = { name: 'lookup', api: lookupApi, pages: lookupPages }
