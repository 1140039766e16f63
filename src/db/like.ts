/**
 * LIKE patterns from what a person typed: `%`, `_` and `\` are searched for as themselves
 * (escaped, with `ESCAPE '\'`), never as wildcards, so every search box behaves the same.
 */
import { sql } from 'kysely'

const escape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`)

/** Right-hand side of `LIKE` for "contains the text". */
export const likeContains = (text: string) => sql<string>`${`%${escape(text)}%`} ESCAPE '\\'`

/** Right-hand side of `LIKE` for "starts with the text". */
export const likePrefix = (text: string) => sql<string>`${`${escape(text)}%`} ESCAPE '\\'`
