/**
 * The school's upload pages: registrations (就业管理系统上传) at /admin/registrations/import and the
 * archive receiving-unit directory (档案接收单位名录) at /admin/archive-units.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import type { AppError } from '../errors.js'
import { currentUser } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { IMPORT_UPLOAD, type ImportResult } from '../imports/index.js'
import { uploadLimit } from '../middleware/body-size.js'
import { pageValidator, stringValues } from '../page-validator.js'
import { REGISTRATION_COLUMNS, importRegistrations } from './imports.js'
import { ARCHIVE_UNIT_COLUMNS, importArchiveUnits, listArchiveUnits, putArchiveUnit } from './archive-units.js'
import { ImportForm, UnitForm, UnitsQuery } from './schemas.js'
import { orRender, schoolArchiveWrite, schoolWrite, staffArchiveRead } from './page-kit.js'
import { ArchiveUnitsList, UploadPage } from '../../views/registration/import-pages.js'

export const registrationImportPages = new Hono<AppEnv>()

type Problem = { message: string; status: number }
const problemOf = (err: AppError): Problem => ({ message: err.message, status: err.status })

/** The two upload forms' shared edge: the size (before reading) and a chosen, non-empty file. */
const uploadEdge = (render: (c: Context<AppEnv>, p: Problem) => Response | Promise<Response>) =>
  [
    uploadLimit(IMPORT_UPLOAD, (c, err) => render(c, problemOf(err))),
    pageValidator('form', ImportForm, (c, bad) => render(c, { message: bad.message, status: 400 })),
  ] as const

const REG_NOTES = [
  '按身份证号找到毕业生；导入的登记来源为“就业管理系统上传”，直接审核通过。',
  '代码列可填代码或名称；单位所在地等填 6 位县级行政区划代码。',
  '档案、户口各列留空则保留原有信息；与已通过的登记相同的行不做改动。',
  '已通过的登记被修改后，版本号加 1：转递编号需要重新生成，毕业生须重新确认。',
]

async function renderRegImport(c: Context<AppEnv>, opts: { result?: ImportResult | null; problem?: Problem } = {}) {
  return c.html(
    <UploadPage
      user={currentUser(c)}
      csrf={csrfToken(c)}
      unread={c.get('unread')}
      title="导入去向登记（就业管理系统上传）"
      back={{ href: '/admin/registrations', label: '返回去向登记审核' }}
      action="/admin/registrations/import"
      columns={REGISTRATION_COLUMNS.map((x) => x.label)}
      required={REGISTRATION_COLUMNS.filter((x) => x.required).map((x) => x.label)}
      notes={REG_NOTES}
      result={opts.result}
      failuresBase="/api/v1/registrations/import"
      error={opts.problem?.message}
      current="/admin/registrations"
    />,
    (opts.problem?.status ?? 200) as 400,
  )
}

registrationImportPages.get('/admin/registrations/import', schoolWrite, (c) => renderRegImport(c))

registrationImportPages.post(
  '/admin/registrations/import',
  schoolWrite,
  ...uploadEdge((c, problem) => renderRegImport(c, { problem })),
  (c) =>
    orRender(
      async () =>
        renderRegImport(c, { result: await importRegistrations(c.var.deps, currentUser(c), c.req.valid('form').file) }),
      (err) => renderRegImport(c, { problem: problemOf(err) }),
    ),
)

async function renderUnits(
  c: Context<AppEnv>,
  opts: {
    result?: ImportResult | null
    problem?: Problem
    notice?: string | null
    form?: Record<string, string>
    formError?: AppError | { message: string; status: number; extra: { field?: string } } | null
    /** The directory's search and page (the GET page's query; a form post shows the first page). */
    search?: { q?: string; page: number }
  } = {},
) {
  const user = currentUser(c)
  const { q = '', page } = opts.search ?? { page: 1 }
  const pageSize = 50
  const byCode = /^\d{1,6}$/.test(q)
  const list = await listArchiveUnits(c.var.deps, user, {
    division: byCode ? q : undefined,
    q: byCode ? undefined : q || undefined,
    page,
    pageSize,
  })
  const canWrite = user.role === 'school' && user.permissions.archive === 'rw'
  return c.html(
    <UploadPage
      user={user}
      csrf={csrfToken(c)}
      unread={c.get('unread')}
      title="档案接收单位名录"
      back={{ href: '/admin/registrations', label: '返回去向登记审核' }}
      action="/admin/archive-units/import"
      columns={ARCHIVE_UNIT_COLUMNS.map((x) => x.label)}
      required={ARCHIVE_UNIT_COLUMNS.filter((x) => x.required).map((x) => x.label)}
      notes={[
        '按所在地代码新增或更新；同一代码在文件中出现多次时以第一次为准。',
        '毕业生选择“转回生源地”时，按其生源所在地从名录预填档案接收单位，毕业生可以修改。',
      ]}
      result={opts.result}
      failuresBase="/api/v1/archive-units/import"
      error={opts.problem?.message ?? null}
      current="/admin/registrations"
    >
      {opts.notice && (
        <div class="alert ok" role="status">
          {opts.notice}
        </div>
      )}
      <ArchiveUnitsList
        items={list.items}
        total={list.total}
        page={page}
        pageSize={pageSize}
        q={q}
        csrf={csrfToken(c)}
        canWrite={canWrite}
        form={opts.form}
        formError={opts.formError?.message}
        formErrorField={opts.formError?.extra.field}
      />
    </UploadPage>,
    (opts.problem?.status ?? opts.formError?.status ?? 200) as 400,
  )
}

registrationImportPages.get('/admin/archive-units', staffArchiveRead, pageValidator('query', UnitsQuery), (c) =>
  renderUnits(c, { notice: c.req.valid('query').ok ? '已保存。' : null, search: c.req.valid('query') }),
)

registrationImportPages.post(
  '/admin/archive-units/import',
  schoolArchiveWrite,
  ...uploadEdge((c, problem) => renderUnits(c, { problem })),
  (c) =>
    orRender(
      async () =>
        renderUnits(c, { result: await importArchiveUnits(c.var.deps, currentUser(c), c.req.valid('form').file) }),
      (err) => renderUnits(c, { problem: problemOf(err) }),
    ),
)

/** Keep what was typed, and show the message at the form it belongs to. */
const unitFormAgain = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(stringValues(values)).filter(([k]) => k in UnitForm.shape))

registrationImportPages.post(
  '/admin/archive-units/one',
  schoolArchiveWrite,
  pageValidator('form', UnitForm, (c, bad) =>
    renderUnits(c, {
      form: unitFormAgain(bad.values),
      formError: { message: bad.message, status: 400, extra: { field: bad.field } },
    }),
  ),
  (c) => {
    const { divisionCode, ...unit } = c.req.valid('form')
    return orRender(
      async () => {
        await putArchiveUnit(c.var.deps, currentUser(c), divisionCode, unit)
        return c.redirect('/admin/archive-units?ok=1', 303)
      },
      (err) => renderUnits(c, { form: unitFormAgain(c.req.valid('form')), formError: err }),
    )
  },
)
