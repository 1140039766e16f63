/**
 * The parts the spreadsheet import pages share (导入生源, 导入去向登记, 档案接收单位名录): the upload
 * form and the table of rows that failed. Wording stays with each page, because the pages word
 * their instructions and notes differently; the `file` id, the accepted types and the
 * `data-import-form` / `data-import-progress` hooks that app.js looks for live here.
 */
import type { Child } from 'hono/jsx'
import { CsrfField } from '../layout.js'

/** One row the import refused, as the import result reports it. */
export interface ImportFailure {
  row: number
  reason: string
}

/**
 * The multipart upload form with its single required `file` input. With `progress`, app.js
 * shows the progress note while a large file uploads (the page only answers when the import is done).
 */
export function ImportUploadForm(p: {
  action: string
  csrf: string
  label: string
  submit: string
  progress?: boolean
  /** More choices posted with the file (e.g. the roster's 覆盖 option). */
  children?: Child
}) {
  return (
    <form
      class="card"
      method="post"
      action={p.action}
      enctype="multipart/form-data"
      data-import-form={p.progress || undefined}
    >
      <CsrfField token={p.csrf} />
      <label for="file">{p.label}</label>
      <input
        id="file"
        name="file"
        type="file"
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        required
      />
      {p.children}
      <div class="actions">
        <button type="submit">{p.submit}</button>
      </div>
      {p.progress && (
        <div class="import-progress" data-import-progress hidden>
          <p role="status">正在上传并导入，数据较多时可能需要几十秒，请不要关闭页面……</p>
          <progress aria-label="导入进度"></progress>
        </div>
      )}
    </form>
  )
}

/**
 * The first `limit` failed rows (行号, 失败原因); past that, `more(limit)` says the rest is only in
 * the downloadable failure table, so a page with thousands of bad rows stays small.
 */
export function ImportFailureTable({
  failures,
  limit,
  more,
}: {
  failures: ImportFailure[]
  limit: number
  more: (shown: number) => Child
}) {
  const shown = failures.slice(0, limit)
  return (
    <>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>行号</th>
              <th>失败原因</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr>
                <td>{f.row}</td>
                <td class="text">{f.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failures.length > shown.length && <p class="muted">{more(shown.length)}</p>}
    </>
  )
}
