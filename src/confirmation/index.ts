/** The confirmation feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const confirmationApi = createRouter()
export const confirmationPages = new Hono<AppEnv>()

export const confirmationFeature: Feature = { name: 'confirmation', api: confirmationApi, pages: confirmationPages }
