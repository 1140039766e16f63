/**
 * An import's status (issue 13 item 3): `running` while its rows are stored, then `done`, or
 * `interrupted` when its process died or it stopped on an error part-way (the rows stored
 * before that stay; the counts are those of the last stored batch).
 */
export type ImportStatus = 'running' | 'done' | 'interrupted'

/** What an import did: the counts and the rows refused (with their 失败原因), as the result page shows them. */
export interface ImportResult {
  importId: string
  total: number
  created: number
  updated: number
  failed: number
  failures: Array<{ row: number; reason: string }>
}

export const IMPORT_STATUSES: readonly ImportStatus[] = ['running', 'done', 'interrupted']

/** What people read. */
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  running: '进行中',
  done: '已完成',
  interrupted: '已中断',
}

/** The import kinds people read (imports.kind); a kind not listed reads 其他导入. */
export const IMPORT_KIND_LABELS: Record<string, string> = {
  graduates: '生源',
  registrations: '去向登记',
  'archive-units': '档案接收单位名录',
}

/** Where each kind's failure table is downloaded (the kind's own API route). */
export const IMPORT_FAILURE_PATHS: Record<string, string> = {
  graduates: '/api/v1/graduates/import',
  registrations: '/api/v1/registrations/import',
  'archive-units': '/api/v1/archive-units/import',
}
