/**
 * The registration feature (去向登记, contract §4.3): its JSON API (mounted under /api/v1) and its
 * pages (the graduate's form at /me/registration, the reviewers' pages under /admin).
 * `./imports.js` adds the import routes and the archive receiving-unit directory to the router.
 */
import type { Feature } from '../features.js'
import { registrationApi } from './api.js'
import './imports.js'
import { registrationPages } from './pages.js'

export { registrationApi, registrationPages }

export const registrationFeature: Feature = { name: 'registration', api: registrationApi, pages: registrationPages }
