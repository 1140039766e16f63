/**
 * Server-rendered SVG bar charts (no chart library, no CDN, no script).
 * The CSP forbids style attributes, so every colour and size is an SVG presentation attribute
 * (fill, font-size, text-anchor). Each bar carries its numbers in data-label / data-series /
 * data-value and a <title> tooltip; the SVG is role="img" with a title and a description, and the
 * same numbers are always given in a real <table> beside it (ChartFigure).
 */
import type { Child } from 'hono/jsx'

export const PALETTE: Record<string, string> = {
  签就业协议书就业: '#0b5cad',
  其他形式就业: '#4a90d9',
  升学: '#1e7b34',
  未就业: '#c77700',
  未上报: '#9aa0a6',
}
const DEFAULT_COLOR = '#0b5cad'

const WIDTH = 560
const ROW_H = 26
const BAR_H = 18
const VALUE_W = 64
const CHAR_W = 13

/** Room for the longest label (CJK characters are about a font size wide). */
function labelWidth(labels: string[]) {
  const longest = labels.reduce((n, l) => Math.max(n, [...l].length), 2)
  return Math.min(220, Math.max(60, longest * CHAR_W + 12))
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))
const r1 = (n: number) => Math.round(n * 10) / 10

export interface BarRow {
  label: string
  value: number
  /** Text at the end of the bar; the value by default. */
  display?: string
}

export function BarChart({
  id,
  title,
  desc,
  rows,
  max,
  color = DEFAULT_COLOR,
}: {
  id: string
  title: string
  desc: string
  rows: BarRow[]
  max?: number
  color?: string
}) {
  const lw = labelWidth(rows.map((r) => r.label))
  const span = WIDTH - lw - VALUE_W
  const top = Math.max(1, max ?? Math.max(0, ...rows.map((r) => r.value)))
  const height = Math.max(1, rows.length) * ROW_H + 8
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-chart={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line x1={lw} y1={0} x2={lw} y2={height - 4} stroke="#8a9099" stroke-width={1} />
      {rows.map((r, i) => {
        const y = 4 + i * ROW_H
        const w = r1((Math.max(0, r.value) / top) * span)
        return (
          <g>
            <text x={lw - 8} y={y + BAR_H - 4} text-anchor="end" font-size={12} fill="#1a1a1a">
              {r.label}
            </text>
            <rect x={lw} y={y} width={w} height={BAR_H} fill={color} data-label={r.label} data-value={fmt(r.value)}>
              <title>{`${r.label}：${r.display ?? fmt(r.value)}`}</title>
            </rect>
            <text x={lw + w + 6} y={y + BAR_H - 4} font-size={12} fill="#1a1a1a">
              {r.display ?? fmt(r.value)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

export interface StackedBarRow {
  label: string
  values: Record<string, number>
  total: number
}

/** Horizontal stacked bars, one per row, one segment per series, with a legend above. */
export function StackedBarChart({
  id,
  title,
  desc,
  series,
  rows,
}: {
  id: string
  title: string
  desc: string
  series: string[]
  rows: StackedBarRow[]
}) {
  const lw = labelWidth(rows.map((r) => r.label))
  const span = WIDTH - lw - VALUE_W
  const top = Math.max(1, ...rows.map((r) => r.total))
  // The legend wraps: each entry is a swatch and its label.
  const entries: Array<{ s: string; x: number; y: number }> = []
  let lx = 0
  let ly = 0
  for (const s of series) {
    const w = 14 + 6 + [...s].length * CHAR_W + 16
    if (lx + w > WIDTH && lx > 0) {
      lx = 0
      ly += 20
    }
    entries.push({ s, x: lx, y: ly })
    lx += w
  }
  const legendH = ly + 24
  const height = legendH + Math.max(1, rows.length) * ROW_H + 8
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-chart={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <g aria-hidden="true">
        {entries.map((e) => (
          <g>
            <rect x={e.x} y={e.y + 2} width={14} height={14} fill={PALETTE[e.s] ?? DEFAULT_COLOR} />
            <text x={e.x + 20} y={e.y + 14} font-size={12} fill="#1a1a1a">
              {e.s}
            </text>
          </g>
        ))}
      </g>
      <line x1={lw} y1={legendH} x2={lw} y2={height - 4} stroke="#8a9099" stroke-width={1} />
      {rows.map((r, i) => {
        const y = legendH + 4 + i * ROW_H
        let x = lw
        const segs: Child[] = []
        for (const s of series) {
          const v = r.values[s] ?? 0
          const w = r1((v / top) * span)
          segs.push(
            <rect
              x={r1(x)}
              y={y}
              width={w}
              height={BAR_H}
              fill={PALETTE[s] ?? DEFAULT_COLOR}
              data-label={r.label}
              data-series={s}
              data-value={fmt(v)}
            >
              <title>{`${r.label} · ${s}：${fmt(v)}`}</title>
            </rect>,
          )
          x += w
        }
        return (
          <g>
            <text x={lw - 8} y={y + BAR_H - 4} text-anchor="end" font-size={12} fill="#1a1a1a">
              {r.label}
            </text>
            {segs}
            <text x={r1(x) + 6} y={y + BAR_H - 4} font-size={12} fill="#1a1a1a" data-total={fmt(r.total)}>
              {fmt(r.total)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** A chart, its numbers as a table, and its Excel export. */
export function ChartFigure({
  id,
  title,
  chart,
  table,
  exportHref,
  note,
}: {
  id: string
  title: string
  chart: Child
  table: Child
  exportHref: string
  note?: string
}) {
  return (
    <section class="card chart-card" aria-labelledby={`${id}-h`} id={id}>
      <h2 id={`${id}-h`}>{title}</h2>
      {note && <p class="hint">{note}</p>}
      <div class="chart-wrap">{chart}</div>
      <details>
        <summary>查看数据表</summary>
        <div class="table-wrap">{table}</div>
      </details>
      <p>
        <a href={exportHref}>导出 Excel</a>
      </p>
    </section>
  )
}

export function SeriesTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: BarRow[] }) {
  return (
    <table data-table={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col">{head[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{r.display ?? fmt(r.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function StackedTable({
  caption,
  first,
  series,
  rows,
}: {
  caption: string
  first: string
  series: string[]
  rows: StackedBarRow[]
}) {
  return (
    <table data-table={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {series.map((s) => (
            <th scope="col">{s}</th>
          ))}
          <th scope="col">合计</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            {series.map((s) => (
              <td>{fmt(r.values[s] ?? 0)}</td>
            ))}
            <td>{fmt(r.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
