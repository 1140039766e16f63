/**
 * AGREEMENT_SIGNING_P12 on Node (contract §1): a path to a .p12 / .pfx file, read here once at
 * start, or the file's base64 (left to src/agreements/signing-key.ts, as on Workers). A path that
 * does not exist and is not base64 stops start-up with one line naming the setting.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Config } from '../../config.js'
import { ConfigError } from '../../config.js'
import type { SigningIdentity } from '../../deps.js'

export function readSigningP12(config: Config): SigningIdentity | undefined {
  const s = config.agreementSigning
  if (!s) return undefined
  const value = s.p12.trim()
  if (existsSync(value)) return { p12: new Uint8Array(readFileSync(value)), password: s.password }
  if (/^[A-Za-z0-9+/=\s]+$/.test(value) && value.length > 100) return undefined
  throw new ConfigError('AGREEMENT_SIGNING_P12', `找不到证书文件 ${value}（应为 .p12 文件路径或其 base64 内容）`)
}
