import { secureHeaders } from 'hono/secure-headers'

/**
 * Security decision: strict headers on every response. The CSP allows scripts, styles and images
 * from this origin only — no inline script or style anywhere, so an injected string cannot run;
 * `frame-ancestors 'none'` (and X-Frame-Options) stops click-jacking of the lookup and review
 * pages; `form-action 'self'` keeps forms from posting elsewhere; `Referrer-Policy: no-referrer`
 * keeps the QR link (the one URL that carries a number) from leaking to other sites.
 */
export function securityHeaders({ extraImgSrc = [] as string[] } = {}) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...extraImgSrc],
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
  })
}
