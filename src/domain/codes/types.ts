/** A national code table, kept as data: each entry a code and its name. */
export interface CodeEntry {
  code: string
  name: string
}

export interface CodeTable {
  id: string
  /** The Chinese name of the table, as on the national 公共代码 sheet. */
  name: string
  /** Where the table comes from. */
  source: string
  /** Bumped whenever the entries change, so exports and caches can tell versions apart. */
  version: string
  entries: CodeEntry[]
}
