/** The registration feature: its JSON API (mounted under /api/v1) and its pages. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { Feature } from '../features.js'
import { createRouter } from '../openapi.js'

export const registrationApi = createRouter()
export const registrationPages = new Hono<AppEnv>()

export const registrationFeature: Feature = { name: 'registration', api: registrationApi, pages: registrationPages }
