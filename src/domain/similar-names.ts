/**
 * Close names: when a typed 院系 does not exist (issue 13 item 9: `计箅机学院` silently created a
 * department), the service names the existing ones it was probably meant to be. Pure.
 */

/** Levenshtein distance over code points (Chinese names are short; quadratic is fine). */
export function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[y.length]
}

/**
 * The candidates closest to `name`, best first: within a third of the name's length in edits
 * (at least one), or containing it / contained in it.
 */
export function closeNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const n = name.trim()
  if (!n) return []
  const max = Math.max(1, Math.floor([...n].length / 3))
  return candidates
    .map((c) => ({ c, d: editDistance(n, c) }))
    .filter(({ c, d }) => d <= max || (c.length > 1 && (c.includes(n) || n.includes(c))))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c, 'zh'))
    .slice(0, limit)
    .map(({ c }) => c)
}

/** The 400 message naming close names: "没有院系 X（是否为：A、B？）". */
export function unknownNameMessage(kind: string, name: string, close: readonly string[]): string {
  return close.length
    ? `没有${kind}“${name}”（是否为：${close.join('、')}？）`
    : `没有${kind}“${name}”，请从已有${kind}中选择`
}
