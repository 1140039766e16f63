/**
 * Matching a sheet's headers to an import's columns. Real sheets are messy (seed 000: the national
 * system asks the user to 匹配导入字段): headers carry a required-marker *, spaces, full-width
 * brackets or a hint in brackets (性别代码（1男2女）), and variants (性别 / 性别代码, 学院 / 院系).
 * A mapping a school chose by hand is remembered per import kind and tried first.
 */
export interface ImportColumn {
  key: string
  /** The header of the template (what the failure table and messages call the column). */
  label: string
  required?: boolean
  variants?: readonly string[]
}

/** Header text reduced for comparison: NFKC, no spaces, no * markers, lower case. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[*＊]+|[*＊]+$/g, '')
    .toLowerCase()
}

/** The same without a trailing bracketed hint: 性别代码(1男2女) → 性别代码. */
const withoutHint = (h: string) => h.replace(/[(\[【].*[)\]】]$/, '')

export interface HeaderMatch {
  /** Column key → index in the sheet's header row. */
  index: Map<string, number>
  /** Required columns that no header matched. */
  missing: ImportColumn[]
}

/**
 * Matches headers: first the remembered mapping (normalised header → key), then the template
 * label, then the variants, then both again without a bracketed hint. Each column and each
 * header is used once; the leftmost header wins.
 */
export function matchHeaders(
  headers: readonly string[],
  columns: readonly ImportColumn[],
  saved: Record<string, string> = {},
): HeaderMatch {
  const norm = headers.map(normaliseHeader)
  const keys = new Set(columns.map((c) => c.key))
  const index = new Map<string, number>()
  const used = new Set<number>()
  const take = (key: string, i: number) => {
    if (index.has(key) || used.has(i) || !keys.has(key)) return
    index.set(key, i)
    used.add(i)
  }
  norm.forEach((h, i) => {
    if (h && saved[h]) take(saved[h], i)
  })
  const passes: Array<(c: ImportColumn) => string[]> = [(c) => [c.label], (c) => [...(c.variants ?? [])]]
  for (const strip of [false, true]) {
    for (const names of passes) {
      for (const c of columns) {
        if (index.has(c.key)) continue
        const wanted = new Set(names(c).map(normaliseHeader))
        const i = norm.findIndex((h, k) => !used.has(k) && h !== '' && wanted.has(strip ? withoutHint(h) : h))
        if (i >= 0) take(c.key, i)
      }
    }
  }
  return { index, missing: columns.filter((c) => c.required && !index.has(c.key)) }
}
