/**
 * The generic import engine: upload a sheet (.xlsx or .csv), match its headers, check each row,
 * store the good rows in batches, keep the bad rows with their reasons, and hand back a failure
 * table the user can fix and upload again — as the national system does (seed 000: 下载失败表,
 * 最后一列"失败原因"). Used by the roster import (src/roster) and meant for every other import
 * (registrations, archive units).
 *
 * ## API
 *
 * ```ts
 * import { runImport, sendFailureTable, type ImportSpec } from '../imports/index.js'
 *
 * const result = await runImport(c.var.deps, user, {
 *   kind: 'registrations',            // imports.kind; also the key of remembered header mappings
 *   file,                             // a File from c.req.valid('form').file
 *   columns: [{ key: 'idCard', label: '身份证号', required: true, variants: ['身份证号码'] }, …],
 *   mapping,                          // optional: { key: sheetHeader } chosen by hand; saved for next time
 *   validateRow(cells, row) {         // cells: { key: trimmed text } ('' for missing optional columns)
 *     return ok ? { ok: true, value } : { ok: false, reason: '身份证号：…；单位名称：必须填写' }
 *   },
 *   async persistBatch(rows, ctx) {   // rows: [{ row, value }], at most `batchSize` (default 2000)
 *     await ctx.deps.batch([...])     // write them as ONE batch (atomic on SQLite and D1)
 *     return { created, updated, failures: [{ row, reason }] }  // failures: rows refused at write time
 *   },
 * })
 * // → { importId, total, created, updated, failed, failures: [{ row, reason }] }  (contract §4.2)
 * ```
 *
 * - Rows are numbered as in the sheet (header = row 1); blank rows are skipped and not counted.
 * - Files: over `maxBytes` (20 MB) → 413 `payload_too_large`; empty, not a spreadsheet (.xls,
 *   PDF, images…), no data rows, over `maxRows` (100,000) data rows → 400 `validation_error`
 *   naming 文件; required headers that match nothing → 400 whose message names them, with
 *   `details: { missing: [labels], headers: [sheet headers] }` (MissingHeadersError) so a page can
 *   offer to map them by hand.
 * - `validateRow` may be async and may keep state across rows (duplicates within the file).
 * - The import and its failed rows (original cells + reason) are stored in `imports` /
 *   `import_failures`; serve the failure table with
 *   `sendFailureTable(c, { importId, kind, format: 'xlsx' | 'csv', filename })`, which enforces
 *   that the import belongs to the user's school (and department, for department users).
 * - Spreadsheet writing helpers (`writeXlsx`, `writeCsv`, `neutralise`) neutralise
 *   cells beginning with = + - @ (formula injection).
 * - Memory: XLSX is streamed (a lean fflate-based reader, xlsx-lean.ts, falling back to exceljs's
 *   streaming WorkbookReader for workbooks it cannot follow); only a batch of rows is held at a time.
 * - SQL: multi-row writes pass their rows as ONE JSON parameter (insertJsonRows / jsonList in
 *   src/db/batch.ts), because D1 allows only 100 bound parameters per statement.
 */
import type { Context } from 'hono'
import { nanoid } from 'nanoid'
import { sql, type CompiledQuery } from 'kysely'
import { insertJsonRows } from '../db/batch.js'
import type { Db } from '../db/schema.js'
import type { AppDeps, AppEnv, CurrentUser } from '../deps.js'
import { AppError, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import type { ImportResult } from '../domain/import-status.js'
import type { SheetRow } from './sheet-row.js'
import { isBlank, MAX_IMPORT_ROWS, sheetParser } from './parser.js'
import { matchHeaders, normaliseHeader, type ImportColumn } from './headers.js'
import { CSV_TYPE, writeCsv, writeXlsx, XLSX_TYPE } from './spreadsheet.js'
import { download } from '../download.js'
import type { UploadSize } from '../middleware/body-size.js'

export type { ImportColumn } from './headers.js'
export { matchHeaders } from './headers.js'
export { writeXlsx, XLSX_TYPE } from './spreadsheet.js'

const MAX_IMPORT_BYTES = 20 * 1024 * 1024
/** An import's upload: one sheet of at most 20 MB (contract §4.2). */
export const IMPORT_UPLOAD: UploadSize = {
  fileBytes: MAX_IMPORT_BYTES,
  envelope: 256 * 1024,
  message: '文件：不能超过 20 MB',
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; reason: string }

export interface ImportContext {
  deps: AppDeps
  user: CurrentUser
  importId: string
  now: Date
}

export interface PersistResult {
  created: number
  updated: number
  failures?: Array<{ row: number; reason: string }>
}

export interface ImportSpec<T> {
  kind: string
  file: File | Blob
  filename?: string
  columns: readonly ImportColumn[]
  /** Header chosen by hand for a column key; remembered for the school and kind. */
  mapping?: Record<string, string>
  validateRow(cells: Record<string, string>, row: number, ctx: ImportContext): RowResult<T> | Promise<RowResult<T>>
  persistBatch(rows: Array<{ row: number; value: T }>, ctx: ImportContext): Promise<PersistResult>
  /**
   * A trial run (the API's `dryRun=true`, the import page's first look): every row is read and
   * checked as usual and `preview` says whether a good row would be new, but nothing is stored —
   * no import, no failure rows, no remembered mapping; the result's `importId` is empty.
   */
  dryRun?: { preview(value: T): 'created' | 'updated' }
  batchSize?: number
  maxRows?: number
  maxBytes?: number
}

// An import's outcome is the domain's (the result pages render it as given).
export type { ImportResult }

/** Required headers were not found: the message names them; details carry what the sheet has. */
export class MissingHeadersError extends AppError {
  constructor(
    readonly missing: string[],
    readonly headers: string[],
  ) {
    super('validation_error', `文件：缺少必需的列：${missing.join('、')}（请检查表头，或在导入页面手动匹配字段）`, {
      field: 'file',
      details: { missing, headers },
    })
  }
}

const fileError = (message: string) => new AppError('validation_error', `文件：${message}`, { field: 'file' })

/** The header mapping remembered for this school and import kind (normalised header → key). */
export async function loadSavedMapping(deps: AppDeps, schoolId: number, kind: string): Promise<Record<string, string>> {
  const r = await deps.db
    .selectFrom('header_mappings')
    .select('mapping')
    .where('school_id', '=', schoolId)
    .where('kind', '=', kind)
    .executeTakeFirst()
  if (!r) return {}
  try {
    return JSON.parse(r.mapping) as Record<string, string>
  } catch {
    return {}
  }
}

async function saveMapping(deps: AppDeps, schoolId: number, kind: string, mapping: Record<string, string>, now: Date) {
  const merged = { ...(await loadSavedMapping(deps, schoolId, kind)), ...mapping }
  await deps.db
    .insertInto('header_mappings')
    .values({ school_id: schoolId, kind, mapping: JSON.stringify(merged), updated_at: now.toISOString() })
    .onConflict((oc) =>
      oc.columns(['school_id', 'kind']).doUpdateSet({ mapping: JSON.stringify(merged), updated_at: now.toISOString() }),
    )
    .execute()
}

/** Reads only the header row (for the mapping page). */
export async function readHeaders(deps: AppDeps, bytes: Uint8Array, filename: string): Promise<string[]> {
  for await (const r of sheetParser(deps).open(bytes, filename, MAX_IMPORT_ROWS))
    if (!isBlank(r.cells)) return r.cells.map((c) => String(c ?? '').trim())
  throw fileError('文件中没有内容')
}

export async function runImport<T>(deps: AppDeps, user: CurrentUser, spec: ImportSpec<T>): Promise<ImportResult> {
  const maxBytes = spec.maxBytes ?? MAX_IMPORT_BYTES
  const maxRows = spec.maxRows ?? MAX_IMPORT_ROWS
  const batchSize = spec.batchSize ?? 2000
  const filename = spec.filename ?? (spec.file as File).name ?? 'upload'
  if (spec.file.size > maxBytes)
    throw new AppError('payload_too_large', `文件：不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`, {
      field: 'file',
    })
  if (spec.file.size === 0) throw fileError('文件是空的')
  const bytes = new Uint8Array(await spec.file.arrayBuffer())
  // Parsed where the runtime puts it (Node: a worker thread with a capped heap; src/imports/parser.ts).
  const iterator = sheetParser(deps).open(bytes, filename, maxRows)[Symbol.asyncIterator]()
  try {
    return await importRows(deps, user, spec, filename, iterator, maxRows, batchSize)
  } finally {
    // Stops the parse where the import stopped (a worker thread is freed for the next file).
    await iterator.return?.()
  }
}

async function importRows<T>(
  deps: AppDeps,
  user: CurrentUser,
  spec: ImportSpec<T>,
  filename: string,
  iterator: AsyncIterator<SheetRow>,
  maxRows: number,
  batchSize: number,
): Promise<ImportResult> {
  const now = deps.now()

  // Header: the first non-blank row.
  let headers: string[] | null = null
  for (;;) {
    const n = await iterator.next()
    if (n.done) break
    if (!isBlank(n.value.cells)) {
      headers = n.value.cells.map((c) => String(c ?? '').trim())
      break
    }
  }
  if (!headers) throw fileError('文件中没有内容')

  const saved = await loadSavedMapping(deps, user.schoolId, spec.kind)
  const manual: Record<string, string> = {}
  for (const [key, header] of Object.entries(spec.mapping ?? {})) if (header) manual[normaliseHeader(header)] = key
  const { index, missing } = matchHeaders(headers, spec.columns, { ...saved, ...manual })
  if (missing.length)
    throw new MissingHeadersError(
      missing.map((c) => c.label),
      headers,
    )
  if (spec.dryRun) return previewRows(spec, { deps, user, importId: '', now }, iterator, index, maxRows)
  if (Object.keys(manual).length) await saveMapping(deps, user.schoolId, spec.kind, manual, now)

  const importId = nanoid(16)
  await deps.db
    .insertInto('imports')
    .values({
      id: importId,
      school_id: user.schoolId,
      kind: spec.kind,
      filename: filename.slice(0, 200),
      headers: JSON.stringify(headers),
      created_by: user.id,
      department_id: user.role === 'department' ? user.departmentId : null,
      created_at: now.toISOString(),
      status: 'running',
      owner: deps.instance ?? null,
    })
    .execute()
  const ctx: ImportContext = { deps, user, importId, now }
  try {
    return await storeRows(deps, user, spec, ctx, iterator, index, maxRows, batchSize)
  } catch (e) {
    // Stopped part-way (a row limit met late, a failed write): the rows stored so far stay, and
    // the import says it did not finish. Best effort: the error the user sees is the first one.
    await deps.batch(interruptImport(deps.db, importId, deps.now())).catch(() => {})
    throw e
  }
}

/**
 * `running` → `interrupted`, with its audit row (actor 系统, the counts it reached), as one
 * batch: the audit row is inserted only if this update is the one that interrupted it (the row
 * then carries exactly this `finished_at`).
 */
function interruptImport(db: Db, importId: string, now: Date): CompiledQuery[] {
  const at = now.toISOString()
  return [
    db
      .updateTable('imports')
      .set({ status: 'interrupted', finished_at: at })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .compile(),
    db
      .insertInto('audit_log')
      .columns(['at', 'school_id', 'actor_user_id', 'actor', 'action', 'target', 'detail'])
      .expression(
        db
          .selectFrom('imports')
          .select([
            sql.lit(at).as('at'),
            'school_id',
            sql.lit(null).as('actor_user_id'),
            sql.lit('system').as('actor'),
            sql<string>`'import.' || kind`.as('action'),
            'id',
            sql<string>`json_object('status', 'interrupted', 'total', total, 'created', created, 'updated', updated, 'failed', failed)`.as(
              'detail',
            ),
          ])
          .where('id', '=', importId)
          .where('status', '=', 'interrupted')
          .where('finished_at', '=', at),
      )
      .compile(),
  ]
}

/**
 * Imports left `running` by a process that is gone are marked `interrupted` (issue 13 item 3).
 * The Node entry calls it at start-up, before any serving process runs (every `running` import is
 * then stale), and its supervisor again with `owner` when one serving process dies. Returns how
 * many were marked.
 */
export async function markInterruptedImports(
  deps: Pick<AppDeps, 'db' | 'batch' | 'now'>,
  owner?: string,
): Promise<number> {
  let q = deps.db.selectFrom('imports').select('id').where('status', '=', 'running')
  if (owner !== undefined) q = q.where('owner', '=', owner)
  const stale = await q.execute()
  if (!stale.length) return 0
  const now = deps.now()
  await deps.batch(stale.flatMap((r) => interruptImport(deps.db, r.id, now)))
  return stale.length
}

/** The record of one sheet row by column key ('' for an optional column the sheet lacks). */
function recordOf(spec: ImportSpec<unknown>, cols: Array<[string, number]>, cells: SheetRow['cells']) {
  const record: Record<string, string> = {}
  for (const [key, i] of cols) record[key] = String(cells[i] ?? '').trim()
  for (const c of spec.columns) if (!(c.key in record)) record[c.key] = ''
  return record
}

/** A dry run: the rows checked and counted as `storeRows` would, nothing written. */
async function previewRows<T>(
  spec: ImportSpec<T>,
  ctx: ImportContext,
  iterator: AsyncIterator<SheetRow>,
  index: Map<string, number>,
  maxRows: number,
): Promise<ImportResult> {
  const cols = [...index.entries()]
  let total = 0
  let created = 0
  let updated = 0
  const failures: Array<{ row: number; reason: string }> = []
  for (;;) {
    const n = await iterator.next()
    if (n.done) break
    const { row, cells } = n.value
    if (isBlank(cells)) continue
    total++
    if (total > maxRows) throw fileError(`数据超过 ${maxRows.toLocaleString('en-US')} 行，请拆分为多个文件分别导入`)
    const r = await spec.validateRow(recordOf(spec as ImportSpec<unknown>, cols, cells), row, ctx)
    if (!r.ok) failures.push({ row, reason: r.reason })
    else if (spec.dryRun!.preview(r.value) === 'created') created++
    else updated++
    // Other requests get a turn now and then, as in a real import.
    if (total % 2000 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
  }
  if (total === 0) throw fileError('表头下没有数据行')
  return { importId: '', total, created, updated, failed: failures.length, failures }
}

async function storeRows<T>(
  deps: AppDeps,
  user: CurrentUser,
  spec: ImportSpec<T>,
  ctx: ImportContext,
  iterator: AsyncIterator<SheetRow>,
  index: Map<string, number>,
  maxRows: number,
  batchSize: number,
): Promise<ImportResult> {
  const { importId, now } = ctx

  let total = 0
  let created = 0
  let updated = 0
  const failures: Array<{ row: number; reason: string }> = []
  let pendingFailures: Array<{ row: number; reason: string; cells: string[] }> = []
  let pending: Array<{ row: number; value: T; cells: string[] }> = []
  const cols = [...index.entries()]

  // The counts so far ride with each batch of failures (and after each batch of rows), so an
  // import that never finishes still says how far it got.
  const progress = () =>
    deps.db
      .updateTable('imports')
      .set({ total, created, updated, failed: failures.length })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .compile()
  const flushFailures = async (withProgress = false) => {
    if (!pendingFailures.length) {
      if (withProgress) await deps.batch([progress()])
      return
    }
    const list = pendingFailures
    pendingFailures = []
    const qs: CompiledQuery[] = [progress()]
    for (let i = 0; i < list.length; i += 500) {
      const part = list.slice(i, i + 500)
      qs.push(
        insertJsonRows(
          'import_failures',
          ['import_id', 'row', 'cells', 'reason'],
          part.map((f) => [importId, f.row, JSON.stringify(f.cells), f.reason]),
          ' ON CONFLICT (import_id, row) DO UPDATE SET cells = excluded.cells, reason = excluded.reason',
        ),
      )
    }
    await deps.batch(qs)
  }
  const fail = (row: number, reason: string, cells: string[]) => {
    failures.push({ row, reason })
    pendingFailures.push({ row, reason, cells })
  }
  const flush = async () => {
    if (pending.length) {
      const batch = pending
      pending = []
      const r = await spec.persistBatch(
        batch.map(({ row, value }) => ({ row, value })),
        ctx,
      )
      created += r.created
      updated += r.updated
      if (r.failures?.length) {
        const byRow = new Map(batch.map((b) => [b.row, b.cells]))
        for (const f of r.failures) fail(f.row, f.reason, byRow.get(f.row) ?? [])
      }
    }
    await flushFailures(true)
    // Give other requests (lookups, pages) a turn between batches: a 50,000-row import must not
    // hold the event loop for its whole run on a one-process school server.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }

  for (;;) {
    const n = await iterator.next()
    if (n.done) break
    const { row, cells } = n.value
    if (isBlank(cells)) continue
    total++
    if (total > maxRows) throw fileError(`数据超过 ${maxRows.toLocaleString('en-US')} 行，请拆分为多个文件分别导入`)
    const r = await spec.validateRow(recordOf(spec as ImportSpec<unknown>, cols, cells), row, ctx)
    if (r.ok) pending.push({ row, value: r.value, cells })
    else fail(row, r.reason, cells)
    if (pending.length >= batchSize) await flush()
    else if (pendingFailures.length >= batchSize) await flushFailures()
  }
  if (total === 0) {
    await deps.db.deleteFrom('imports').where('id', '=', importId).execute()
    throw fileError('表头下没有数据行')
  }
  await flush()
  failures.sort((a, b) => a.row - b.row)
  await deps.batch([
    deps.db
      .updateTable('imports')
      .set({
        total,
        created,
        updated,
        failed: failures.length,
        status: 'done',
        finished_at: deps.now().toISOString(),
      })
      .where('id', '=', importId)
      .where('status', '=', 'running'),
    auditInsert(deps.db, now, user, {
      action: `import.${spec.kind}`,
      target: importId,
      detail: { status: 'done', total, created, updated, failed: failures.length },
    }),
  ])
  return { importId, total, created, updated, failed: failures.length, failures }
}

/** The import, if the user may see it: same school, same kind, and for department users their own. */
async function findImport(deps: AppDeps, user: CurrentUser, importId: string, kind: string) {
  const imp = await deps.db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', importId)
    .where('school_id', '=', user.schoolId)
    .where('kind', '=', kind)
    .executeTakeFirst()
  if (!imp) return null
  if (user.role === 'department' && imp.department_id !== user.departmentId) return null
  if (user.role === 'student') return null
  return imp
}

/** The failed rows: the sheet's original columns plus a last column 失败原因. */
async function failureTable(
  deps: AppDeps,
  user: CurrentUser,
  importId: string,
  kind: string,
): Promise<{ headers: string[]; rows: string[][]; filename: string }> {
  const imp = await findImport(deps, user, importId, kind)
  if (!imp) throw notFound('没有这次导入，或无权查看')
  const headers = JSON.parse(imp.headers) as string[]
  const list = await deps.db
    .selectFrom('import_failures')
    .select(['row', 'cells', 'reason'])
    .where('import_id', '=', importId)
    .orderBy('row')
    .execute()
  const rows = list.map((f) => {
    const cells = JSON.parse(f.cells) as string[]
    const out = headers.map((_, i) => cells[i] ?? '')
    out.push(f.reason)
    return out
  })
  return { headers: [...headers, '失败原因'], rows, filename: imp.filename.replace(/\.[^.]*$/, '') }
}

/** Sends the failure table as .xlsx or .csv (download). */
export async function sendFailureTable(
  c: Context<AppEnv>,
  { importId, kind, format }: { importId: string; kind: string; format: 'xlsx' | 'csv' },
) {
  const user = c.var.user!
  const t = await failureTable(c.var.deps, user, importId, kind)
  const file = { filename: `${t.filename}-失败表.${format}`, fallback: 'failures' }
  if (format === 'csv') return download(c, writeCsv(t.headers, t.rows), { type: CSV_TYPE, ...file })
  const bytes = await writeXlsx([
    {
      name: '失败表',
      headers: t.headers,
      rows: t.rows,
      widths: t.headers.map((h, i) => (i === t.headers.length - 1 ? 60 : undefined)),
    },
  ])
  return download(c, bytes, { type: XLSX_TYPE, ...file })
}
