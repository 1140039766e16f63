/** What the 届 tests read off a staff page: the 届别 picker and the links. */

/** The 届别 picker's options (value → label) and the one selected. */
export function picker(html: string) {
  const select = /<select id="f-cohort" name="cohort">([\s\S]*?)<\/select>/.exec(html)
  if (!select) throw new Error('no 届别 picker on the page')
  const options = [...select[1].matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)]
  return {
    options: Object.fromEntries(options.map((o) => [o[1], o[3]])),
    selected: options.find((o) => o[2])?.[1],
  }
}

/** The page's links that start with `prefix`, unescaped. */
export const hrefs = (html: string, prefix: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')).filter((h) => h.startsWith(prefix))

/** 10 September 2026 in Beijing: the current 届 is 2027. */
export const AFTER_SWITCH = '2026-09-10T10:00:00+08:00'
