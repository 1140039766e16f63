/**
 * The identity that signs agreements: AGREEMENT_SIGNING_P12 when set (the Node entry hands in the
 * bytes of a file path; a base64 value works on both runtimes), otherwise a 2048-bit key and a
 * self-signed certificate generated once and kept in `settings` like SECRET_KEY (contract §1).
 *
 * Security decision: the generated P12's password is random and kept beside it — it protects
 * nothing against someone who can read the database (nor does SECRET_KEY), but a P12 without a
 * password is refused by several tools. Set AGREEMENT_SIGNING_P12 for a certificate from a CA.
 */
import type { AppDeps, SigningIdentity } from '../deps.js'
import { randomToken } from '../crypto.js'
import { generateSigningP12 } from '../documents/signing.js'

const cache = new WeakMap<object, Promise<SigningIdentity>>()

export function signingIdentity(
  deps: Pick<AppDeps, 'db' | 'config' | 'now' | 'agreementSigning'>,
): Promise<SigningIdentity> {
  if (deps.agreementSigning) return Promise.resolve(deps.agreementSigning)
  const configured = deps.config.agreementSigning
  if (configured) return Promise.resolve({ p12: fromBase64(configured.p12), password: configured.password })
  let p = cache.get(deps.db)
  if (!p) {
    p = loadOrGenerate(deps)
    cache.set(deps.db, p)
    p.catch(() => cache.delete(deps.db))
  }
  return p
}

async function loadOrGenerate(deps: Pick<AppDeps, 'db' | 'now'>): Promise<SigningIdentity> {
  const { db } = deps
  const read = () => db.selectFrom('settings').select('value').where('key', '=', 'agreement_signing').executeTakeFirst()
  let row = await read()
  if (!row) {
    const password = randomToken()
    const p12 = generateSigningP12('quxiang agreement signing', password, deps.now())
    // One row holds both, so two processes generating at once cannot pair one's key with the
    // other's password: the first row written wins and everybody reads it back.
    await db
      .insertInto('settings')
      .values({ key: 'agreement_signing', value: JSON.stringify({ p12, password }) })
      .onConflict((oc) => oc.doNothing())
      .execute()
    row = await read()
  }
  const { p12, password } = JSON.parse(row!.value) as { p12: string; password: string }
  return { p12: fromBase64(p12), password }
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64.trim()), (ch) => ch.charCodeAt(0))
