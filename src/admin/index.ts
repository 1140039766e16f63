/** The admin feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const adminApi = createRouter()
export const adminPages = new Hono<AppEnv>()

export const adminFeature: Feature = { name: 'admin', api: adminApi, pages: adminPages }
