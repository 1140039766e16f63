/**
 * The confirmation feature (去向登记确认, contract §4.4): its JSON API (mounted under /api/v1) and
 * its pages. Other pages may show the graduate's reminder with `ConfirmationPrompt`
 * (views/confirmation/prompt.tsx) fed by `confirmationStateOf` (./queries.ts).
 */
import type { Feature } from '../features.js'
import { confirmationApi } from './api.js'
import { confirmationPages } from './pages.js'

export { confirmationApi, confirmationPages }
export { confirmationStateOf } from './queries.js'

export const confirmationFeature: Feature = { name: 'confirmation', api: confirmationApi, pages: confirmationPages }
