/**
 * The migrations and the `Database` interface (src/db/schema.ts) describe the same tables: this
 * test migrates a fresh SQLite database and compares every table's columns (PRAGMA table_info)
 * with the interface read by the TypeScript compiler — the column names, whether a column may be
 * NULL (`| null` in the type), and whether it has a default (`Generated<…>`). A migration that adds
 * a column without the type, or a type that names a column no migration made, fails here.
 */
import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { migrate, openSqlite } from '../../src/platform/node/sqlite.js'

interface TypedColumn {
  nullable: boolean
  generated: boolean
}

function readDatabaseInterface(): Map<string, Map<string, TypedColumn>> {
  // Read as text, not imported: the folder first, so knip does not take `new URL('….ts',
  // import.meta.url)` for a module load that uses every export of schema.ts.
  const schemaUrl = new URL('schema.ts', new URL('../../src/db/', import.meta.url))
  const parse = (url: URL) => ts.createSourceFile(url.pathname, readFileSync(url, 'utf8'), ts.ScriptTarget.Latest, true)
  const source = parse(schemaUrl)
  // Interfaces of schema.ts, and of the modules it imports types from (the domain owns some column
  // sets, e.g. a graduate's roster columns, and a table's interface extends them).
  const interfaces = new Map<string, { decl: ts.InterfaceDeclaration; file: ts.SourceFile }>()
  const collect = (file: ts.SourceFile) =>
    file.forEachChild((n) => {
      if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, { decl: n, file })
    })
  source.forEachChild((n) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text.startsWith('.'))
      collect(parse(new URL(n.moduleSpecifier.text.replace(/\.js$/, '.ts'), schemaUrl)))
  })
  collect(source)
  const columnsOf = (name: string): Map<string, TypedColumn> => {
    const found = interfaces.get(name)
    if (!found) throw new Error(`interface ${name} not found in src/db/schema.ts or the modules it imports`)
    const { decl, file } = found
    const cols = new Map<string, TypedColumn>()
    for (const h of decl.heritageClauses ?? [])
      for (const t of h.types) for (const [k, v] of columnsOf(t.expression.getText(file))) cols.set(k, v)
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue
      const text = m.type.getText(file)
      cols.set(m.name.getText(file), { nullable: /\bnull\b/.test(text), generated: /^Generated</.test(text) })
    }
    return cols
  }
  const tables = new Map<string, Map<string, TypedColumn>>()
  for (const m of interfaces.get('Database')!.decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue
    tables.set(m.name.getText(source).replace(/['"]/g, ''), columnsOf(m.type.getText(source)))
  }
  return tables
}

describe('schema and Database interface', () => {
  it('agree on every table, column, nullability and default', () => {
    const store = openSqlite(':memory:')
    migrate(store.sqlite)
    const typed = readDatabaseInterface()
    const migrated = store.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'd1_migrations'",
      )
      .pluck()
      .all() as string[]
    expect([...typed.keys()].sort()).toEqual([...migrated].sort())

    const mismatches: string[] = []
    for (const table of migrated) {
      const info = store.sqlite.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as Array<{
        name: string
        notnull: number
        dflt_value: unknown
        pk: number
        type: string
      }>
      const cols = typed.get(table)!
      expect([...cols.keys()].sort(), table).toEqual(info.map((c) => c.name).sort())
      for (const c of info) {
        const t = cols.get(c.name)!
        // A single INTEGER PRIMARY KEY is the rowid: it may be given (a graduate's id as key) or left to
        // SQLite (Generated<…>), and is never NULL.
        const rowid = c.pk === 1 && c.type.toUpperCase() === 'INTEGER' && info.filter((x) => x.pk > 0).length === 1
        const mayBeNull = c.notnull === 0 && c.pk === 0
        if (mayBeNull !== t.nullable)
          mismatches.push(
            `${table}.${c.name}: NULL ${mayBeNull ? 'allowed' : 'refused'} by the migration, type says ${t.nullable ? 'nullable' : 'not null'}`,
          )
        const hasDefault = c.dflt_value !== null
        if (hasDefault && !t.generated && !t.nullable)
          mismatches.push(`${table}.${c.name}: has a default, type is not Generated<…>`)
        if (t.generated && !hasDefault && !rowid && !mayBeNull)
          mismatches.push(`${table}.${c.name}: Generated<…> in the type, no default in the migration`)
      }
    }
    expect(mismatches).toEqual([])
    store.sqlite.close()
  })
})
