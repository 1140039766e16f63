/** The transfer feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const transferApi = createRouter()
export const transferPages = new Hono<AppEnv>()

export const transferFeature: Feature = { name: 'transfer', api: transferApi, pages: transferPages }
