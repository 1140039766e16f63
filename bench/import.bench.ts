/**
 * The roster import at scale (issue 3): a generated 50,000-row XLSX with all 28 columns,
 * imported in one request. Figures: wall time of the request, and the peak RSS of the process
 * doing it (a child process, so the generator's memory does not count). Targets: < 10 s, < 400 MB.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import { SERVER_NODE_FLAGS, type BenchModule } from './types.js'
import { generateDemoRoster } from '../src/roster/demo.js'
import { ROSTER_FIELDS } from '../src/domain/roster-rules.js'

const ROWS = 50_000

export async function writeRosterXlsx(path: string, rows: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true })
  const ws = wb.addWorksheet('生源信息')
  ws.addRow(ROSTER_FIELDS.map((f) => f.label)).commit()
  const keys = ROSTER_FIELDS.map((f) => f.key)
  for (const r of generateDemoRoster(rows, 7)) ws.addRow(keys.map((k) => r[k])).commit()
  ws.commit()
  await wb.commit()
}

const bench: BenchModule = {
  name: 'import',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'qx-import-'))
    try {
      const file = join(dir, 'roster-50k.xlsx')
      await writeRosterXlsx(file, ROWS)
      const child = join(import.meta.dirname, 'import-child.ts')
      const { stdout } = await promisify(execFile)(process.execPath, [...SERVER_NODE_FLAGS, child, file, dir], {
        cwd: join(import.meta.dirname, '..'),
        maxBuffer: 1 << 20,
      })
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
        status: number
        seconds: number
        maxRssMb: number
        total: number
        created: number
        failed: number
        students: number
        baselineMb: number
      }
      if (r.status !== 200 || r.created !== ROWS || r.students !== ROWS)
        throw new Error(`import bench: unexpected result ${JSON.stringify(r)}`)
      return {
        import_50k_s: {
          value: Number(r.seconds.toFixed(2)),
          unit: 's',
          baseline: 10,
          ratio: Number((r.seconds / 10).toFixed(3)),
          note: '50,000 rows × 28 columns XLSX, one request; target < 10 s',
        },
        import_50k_rss_mb: {
          value: Math.round(r.maxRssMb),
          unit: 'MB',
          baseline: 400,
          ratio: Number((r.maxRssMb / 400).toFixed(3)),
          note: `peak RSS of the importing process (the idle app before the request: ${Math.round(r.baselineMb)} MB); target < 400 MB`,
        },
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default bench
