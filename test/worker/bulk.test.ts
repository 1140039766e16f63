/**
 * D1's limits in practice: the local D1 enforces the real 100-bound-parameter cap per statement,
 * so a few hundred rows through every bulk path — roster import (XLSX), registration import,
 * number generation, the list and its workbook — prove the features chunk their multi-row writes
 * and IN-lists the way D1 needs, not only on SQLite.
 */
import { describe, expect, it } from 'vitest'
import { admin, binary, json, unique } from './helpers.js'
import {
  XLSX_TYPE,
  importRegistrations,
  importRoster,
  readXlsx,
  registrationRow,
  rosterRow,
  rosterTable,
  xlsx,
} from './fixtures.js'

const N = 260

describe('Worker: bulk paths within D1 limits', () => {
  it(`imports ${N} graduates and their registrations, numbers them all and exports the list`, async () => {
    const department = `批量学院${unique()}`
    const rows = Array.from({ length: N }, () => rosterRow(department))
    const roster = await importRoster(await xlsx(rosterTable(rows)), '生源.xlsx', XLSX_TYPE)
    expect(roster.status, JSON.stringify(roster.data).slice(0, 500)).toBe(200)
    expect(roster.data).toMatchObject({ total: N, created: N, failed: 0 })

    const regs = await importRegistrations(
      rows.map((r) => registrationRow(r.idCard)),
      'xlsx',
    )
    expect(regs.status, JSON.stringify(regs.data).slice(0, 500)).toBe(200)
    expect(regs.data).toMatchObject({ total: N, failed: 0 })

    const gen = await json('POST', '/api/v1/transfer-numbers/generate', { token: await admin(), body: { department } })
    expect(gen.status, JSON.stringify(gen.data)).toBe(200)
    expect(gen.data).toMatchObject({ generated: N, regenerated: 0 })

    const list = await json(
      'GET',
      `/api/v1/transfer-numbers?generated=true&department=${encodeURIComponent(department)}`,
      { token: await admin() },
    )
    expect(list.status).toBe(200)
    expect(list.data.total).toBe(N)
    const sheet = await binary(
      'GET',
      `/api/v1/transfer-numbers.xlsx?generated=true&department=${encodeURIComponent(department)}`,
      { token: await admin() },
    )
    expect(sheet.status).toBe(200)
    const table = await readXlsx(sheet.bytes)
    const numbers = new Set(
      table
        .slice(1)
        .flat()
        .filter((v) => /^26\d{5}[2-9A-HJ-NP-Z]{10}$/.test(v)),
    )
    expect(numbers.size).toBe(N)
  })
})
