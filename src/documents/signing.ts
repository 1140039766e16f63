/**
 * The agreement's digital signature (contract §5 "The agreement document"): a standard PDF
 * signature (adbe.pkcs7.detached) that pdfsig, Acrobat and any standard reader validate, made by
 * maintained libraries — @signpdf/signpdf with the P12 signer and the plain placeholder, node-forge
 * for the key, the self-signed certificate and the P12 — never by hand-written PDF signing.
 *
 * Security decisions: a 2048-bit RSA key; the certificate's subject is ASCII only (node-forge
 * mis-encodes UTF-8 names, forge #847, and the signature then fails validation — see
 * ecosystem-notes "PDF signatures"); the P12 is kept like SECRET_KEY (src/agreements/signing-key.ts)
 * unless AGREEMENT_SIGNING_P12 names a real one.
 */
import { Buffer } from 'node:buffer'
import forge from 'node-forge'
import { SignPdf } from '@signpdf/signpdf'
import { P12Signer } from '@signpdf/signer-p12'
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'

import type { SigningIdentity } from '../deps.js'

/** A new key and self-signed certificate, valid ten years from `now`, as a P12 (base64). */
export function generateSigningP12(commonName: string, password: string, now: Date): string {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 })
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.publicKey
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000)
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000)
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'quxiang' },
    { name: 'countryName', value: 'CN' },
  ]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'extKeyUsage', emailProtection: true },
  ])
  cert.sign(keys.privateKey, forge.md.sha256.create())
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' })
  return forge.util.encode64(forge.asn1.toDer(asn1).getBytes())
}

/** Adds a signature placeholder to a finished PDF and signs it. */
export async function signPdf(
  pdf: Uint8Array,
  id: SigningIdentity,
  info: { reason: string; location: string; name: string; contact: string; signingTime: Date },
): Promise<Uint8Array> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: Buffer.from(pdf),
    reason: info.reason,
    contactInfo: info.contact,
    name: info.name,
    location: info.location,
    signingTime: info.signingTime,
    signatureLength: 8192,
  })
  const signer = new P12Signer(Buffer.from(id.p12), { passphrase: id.password })
  const signed = await new SignPdf().sign(withPlaceholder, signer, info.signingTime)
  return new Uint8Array(signed)
}
