/** The roster feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const rosterApi = createRouter()
export const rosterPages = new Hono<AppEnv>()

export const rosterFeature: Feature = { name: 'roster', api: rosterApi, pages: rosterPages }
