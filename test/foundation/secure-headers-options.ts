/**
 * The options of hono/secure-headers that the service's precomputed page headers
 * (PAGE_SECURITY_HEADERS) reproduce: the reference of security-headers.test.ts, and the middleware
 * as it was before, in bench/middleware.bench.ts.
 */
import type { secureHeaders } from 'hono/secure-headers'

export const SERVICE_SECURE_HEADERS: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
  crossOriginResourcePolicy: 'same-origin',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
}
