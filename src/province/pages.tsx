import { Hono } from 'hono'
import type { AppEnv } from '../deps.js'
export const provincePages = new Hono<AppEnv>()
