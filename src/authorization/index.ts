/** The authorization feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const authorizationApi = createRouter()
export const authorizationPages = new Hono<AppEnv>()

export const authorizationFeature: Feature = { name: 'authorization', api: authorizationApi, pages: authorizationPages }
