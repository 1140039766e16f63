/**
 * A registration's files (seed 004, 2.6 ③, 2.10): 证明材料 of the destination, and the 图像材料 of
 * 档案 and of 户口 — how many files each part may hold, how large, and which kinds.
 */

export const MAX_ATTACHMENTS = 3

/**
 * Which part of the registration a file belongs to: `proof` — the destination's 证明材料 (JPEG,
 * PNG or PDF); `archive` and `hukou` — national rule (seed 004 §2.10 档案、户口信息登记: "图像材料
 * （最多上传三张图片）… 单位调档函等证明材料供审核参考", and the same for 户口): up to three images
 * each, of their own. Voiding the destination removes its proof only; 档案 and 户口 keep theirs.
 */
export const ATTACHMENT_PARTS = ['proof', 'archive', 'hukou'] as const
export type AttachmentPart = (typeof ATTACHMENT_PARTS)[number]

export const ATTACHMENT_PART_NAMES: Record<AttachmentPart, string> = {
  proof: '证明材料',
  archive: '档案图像材料',
  hukou: '户口图像材料',
}

/** How many files each part may hold. */
export const MAX_PART_FILES: Record<AttachmentPart, number> = { proof: MAX_ATTACHMENTS, archive: 3, hukou: 3 }

/** The kinds each part accepts (by content): 档案 and 户口 take pictures only (图片). */
export function acceptedType(part: AttachmentPart, type: ProofType | null): type is ProofType {
  if (!type) return false
  return part === 'proof' || type !== 'application/pdf'
}
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
export function safeFilename(name: string | null | undefined, type: ProofType, fallback = '证明材料'): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 80)
  const ext = PROOF_EXTENSIONS[type]
  if (!base) return `${fallback}.${ext}`
  return base.toLowerCase().endsWith(`.${ext}`) || (ext === 'jpg' && /\.jpe?g$/i.test(base)) ? base : `${base}.${ext}`
}
