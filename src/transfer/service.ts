/**
 * What other features may ask of the transfer feature: the sheet of one graduate, rendered. The
 * 核验编号 report (src/authorization) is the same 毕业生去向登记信息 sheet with another number.
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import { sheetFont } from '../documents/index.js'
import { renderSheet } from '../documents/sheet.js'
import { schoolName, sheetRowFor, type Scope } from './queries.js'
import { toSheetData } from './sheet-data.js'

/** The sheet's source row for a graduate the user may see (undefined when none). */
export function sheetSource(deps: AppDeps, user: Scope, graduateId: number) {
  return sheetRowFor(deps.db, user, graduateId)
}

export type SheetSource = NonNullable<Awaited<ReturnType<typeof sheetSource>>>

/** Renders the sheet of `row` carrying the given number (transfer or verification). */
export async function renderSheetOf(
  deps: AppDeps,
  user: Pick<CurrentUser, 'schoolId'>,
  row: SheetSource,
  n: { kind: 'transfer' | 'verification'; number: string; validUntil: string; issuedAt: Date },
): Promise<Uint8Array> {
  const data = toSheetData(row, n, {
    baseUrl: deps.config.publicBaseUrl,
    secretKey: deps.secretKey,
    school: await schoolName(deps.db, user.schoolId),
  })
  return renderSheet(data, await sheetFont(deps))
}
