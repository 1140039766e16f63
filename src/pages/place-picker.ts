/**
 * The no-JavaScript half of the location picker (issue 13 §11; the field is
 * views/components/place-field.tsx). Its buttons post the page's own form with an intent:
 * `place:<input>` (search by the name typed in `<input>__q`), `place-in:<input>:<code>` (open a
 * province or city; no code: the provinces), `place-pick:<input>:<code>` (choose a county). This
 * middleware answers those posts before the form's own validator — a half-filled form is not an
 * error here — by handing the posted fields, the chosen code filled in, to the page's `render`,
 * which shows the form again with the results under that field. Nothing is saved. Any other post
 * goes on to the route's handler, which reads the same (cached) body.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../deps.js'
import { checkDivision, placeChoices } from '../domain/divisions.js'
import { placeQueryName, type PlacePickerState } from '../../views/components/place-field.js'

export type { PlacePickerState }

const PlaceIntent = z.object({
  intent: z
    .string()
    .regex(/^place(-in|-pick)?:[A-Za-z_]{1,40}(:\d{0,6})?$/)
    .transform((v) => {
      const [kind, input, code = ''] = v.split(':')
      return { kind, input, code }
    }),
})

/** The picker's answer to a search or an opened region, for one field. */
function placePickerState(input: string, query: string, open?: string): PlacePickerState {
  return { input, query, ...placeChoices({ query, open }) }
}

export type PlaceRender = (
  c: Context<AppEnv>,
  values: Record<string, string>,
  picker: PlacePickerState | null,
) => Response | Promise<Response>

/** Answers the picker's posts for the fields `inputs` of this form; everything else goes on. */
export function placePicker(inputs: readonly string[], render: PlaceRender): MiddlewareHandler<AppEnv> {
  return async function placePickerMiddleware(c, next) {
    const body = await c.req.parseBody({ all: true })
    const step = PlaceIntent.safeParse({ intent: body.intent })
    if (!step.success || !inputs.includes(step.data.intent.input)) return next()
    const { kind, input, code } = step.data.intent
    const values: Record<string, string> = {}
    for (const [k, v] of Object.entries(body)) {
      const s = Array.isArray(v) ? v[0] : v
      if (typeof s === 'string' && k !== 'intent') values[k] = s
    }
    const query = (values[placeQueryName(input)] ?? '').trim().slice(0, 30)
    if (kind === 'place-pick') {
      const picked = checkDivision(code)
      if (picked.ok) {
        values[input] = picked.code
        delete values[placeQueryName(input)]
        return render(c, values, null)
      }
      return render(c, values, placePickerState(input, query))
    }
    return render(c, values, placePickerState(input, query, kind === 'place-in' ? code : undefined))
  }
}
