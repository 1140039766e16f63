/**
 * The feature sub-apps, mounted by app.ts: each a Hono app for its JSON API (under /api/v1) and
 * one for its pages. Each feature owns its folder; its index.ts exports the Feature.
 */
import type { Hono } from 'hono'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './env.js'
import { adminFeature } from './admin/index.js'
import { rosterFeature } from './roster/index.js'
import { registrationFeature } from './registration/index.js'
import { confirmationFeature } from './confirmation/index.js'
import { transferFeature } from './transfer/index.js'
import { authorizationFeature } from './authorization/index.js'
import { lookupFeature } from './lookup/index.js'

export interface Feature {
  name: string
  api?: OpenAPIHono<AppEnv>
  /**
   * API routes that answer anyone (no account, no cookie read): mounted ahead of the session and
   * CSRF middleware, so the public lookup does not pay for reading a session it never uses.
   */
  publicApi?: OpenAPIHono<AppEnv>
  pages?: Hono<AppEnv>
}

export const features: Feature[] = [
  adminFeature,
  rosterFeature,
  registrationFeature,
  confirmationFeature,
  transferFeature,
  authorizationFeature,
  lookupFeature,
]
