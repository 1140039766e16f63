/**
 * 证明材料 (seed 004, 2.6 ③): how many files, how large, and which kinds a proof file may be.
 */

export const MAX_ATTACHMENTS = 3
const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
/** A proof upload's size, with room for the multipart envelope (src/middleware/body-size.ts `uploadLimit`). */
export const PROOF_UPLOAD = {
  fileBytes: MAX_ATTACHMENT_BYTES,
  envelope: 64 * 1024,
  message: '证明材料：每个文件不能超过 5 MB',
}
export type ProofType = 'image/jpeg' | 'image/png' | 'application/pdf'

/**
 * Security decision: a proof file's type comes from its first bytes, never from its name or the
 * Content-Type the browser sent — JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A) or PDF
 * ("%PDF-"). Anything else (HTML, SVG, scripts renamed .jpg) is refused, so nothing we serve back
 * can be interpreted as a page.
 */
export function sniffProof(bytes: Uint8Array): ProofType | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return 'image/png'
  if (b.length >= 5 && [0x25, 0x50, 0x44, 0x46, 0x2d].every((x, i) => b[i] === x)) return 'application/pdf'
  return null
}

const PROOF_EXTENSIONS: Record<ProofType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function safeFilename(name: string | null | undefined, type: ProofType): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 80)
  const ext = PROOF_EXTENSIONS[type]
  if (!base) return `证明材料.${ext}`
  return base.toLowerCase().endsWith(`.${ext}`) || (ext === 'jpg' && /\.jpe?g$/i.test(base)) ? base : `${base}.${ext}`
}
