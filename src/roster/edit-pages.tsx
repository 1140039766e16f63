/**
 * 添加毕业生 and 修改生源信息 pages (contract §6; issue 14 item 2), on the same service as
 * `POST /api/v1/graduates` and `PATCH /api/v1/graduates/{id}`: each refusal at its field, what was
 * typed kept.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { pageValidator, stringValues } from '../page-validator.js'
import { z } from '../openapi.js'
import { departmentsOf } from '../db/departments.js'
import { ROSTER_FIELDS, type RosterKey } from '../domain/roster-rules.js'
import { GraduateFormPage, type GraduateFormValues } from '../../views/roster/graduate-form-page.js'
import { addGraduate, cellsOf, editGraduate } from './graduate-edits.js'
import { findGraduate } from './queries.js'

export const rosterEditPages = new Hono<AppEnv>()

const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw', loginPath: '/admin/login' })
const IdParam = z.object({ id: z.coerce.number().int().positive() })

const GraduateForm = z.object({
  ...Object.fromEntries(ROSTER_FIELDS.map((f) => [f.key, z.string().trim().max(200, '不能超过 200 个字').optional()])),
  reason: z.string().trim().max(200, '不能超过 200 个字').optional(),
}) as z.ZodType<GraduateFormValues>

async function renderForm(
  c: Context<AppEnv>,
  opts: {
    id: number | null
    name?: string
    values: GraduateFormValues
    errors?: Record<string, string>
    status?: number
  },
) {
  const user = currentUser(c)
  const all = await departmentsOf(c.var.deps.db, user.schoolId)
  const departments = all.filter((d) => user.role !== 'department' || d.id === user.departmentId).map((d) => d.name)
  return c.html(
    <GraduateFormPage
      {...staffChrome(c)}
      id={opts.id}
      name={opts.name}
      departments={departments}
      values={opts.values}
      errors={opts.errors}
    />,
    (opts.status ?? 200) as 200,
  )
}

/** The service's refusal at its field (the form's ids are the API's keys). */
const atField = (e: unknown) =>
  e instanceof AppError && e.status < 500 && e.status !== 404
    ? { errors: { [e.extra.field ?? 'body']: e.message }, status: e.status }
    : null

const fieldsOf = (v: GraduateFormValues) => {
  const { reason: _r, ...fields } = v
  return fields as Partial<Record<RosterKey, string>>
}

rosterEditPages.get('/admin/roster/new', staffWrite, (c) => {
  const user = currentUser(c)
  return renderForm(c, { id: null, values: user.role === 'department' ? { department: user.department ?? '' } : {} })
})

rosterEditPages.post(
  '/admin/roster/new',
  staffWrite,
  pageValidator('form', GraduateForm, (c, bad) =>
    renderForm(c, { id: null, values: stringValues(bad.values), errors: bad.errors, status: 400 }),
  ),
  async (c) => {
    const values = c.req.valid('form')
    let id: number
    try {
      id = (await addGraduate(c.var.deps, currentUser(c), fieldsOf(values))).id
    } catch (e) {
      const r = atField(e)
      if (!r) throw e
      return renderForm(c, { id: null, values, ...r })
    }
    return c.redirect(`/admin/roster/${id}?done=added`, 303)
  },
)

rosterEditPages.get('/admin/roster/:id{[0-9]+}/edit', staffWrite, pageValidator('param', IdParam), async (c) => {
  const g = await findGraduate(c.var.deps.db, currentUser(c), c.req.valid('param').id, { includeWithdrawn: true })
  if (!g) throw new AppError('not_found', '没有这名毕业生，或无权查看')
  return renderForm(c, { id: g.id, name: g.name, values: cellsOf(g) })
})

rosterEditPages.post(
  '/admin/roster/:id{[0-9]+}/edit',
  staffWrite,
  pageValidator('param', IdParam),
  pageValidator('form', GraduateForm, (c, bad) =>
    renderForm(c, {
      id: (c.req.valid('param' as never) as { id: number }).id,
      values: stringValues(bad.values),
      errors: bad.errors,
      status: 400,
    }),
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const values = c.req.valid('form')
    try {
      await editGraduate(c.var.deps, currentUser(c), id, fieldsOf(values), values.reason ?? null)
    } catch (e) {
      const r = atField(e)
      if (!r) throw e
      return renderForm(c, { id, values, ...r })
    }
    return c.redirect(`/admin/roster/${id}?done=edited`, 303)
  },
)
