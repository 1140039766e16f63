/**
 * A worker thread that renders sheets (Node only; started by node-pool.ts). It receives the font
 * bytes once, parses them once, and answers each { id, data } with { id, pdf } (the PDF's buffer
 * is transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { parseFont } from '../../documents/fonts.js'
import { renderSheet, type SheetData } from '../../documents/sheet.js'
import { yieldToRequests } from './thread-priority.js'

yieldToRequests()

const font = parseFont(new Uint8Array(workerData.font as SharedArrayBuffer))

parentPort!.on('message', async (msg: { id: number; data: SheetData }) => {
  try {
    const pdf = await renderSheet(msg.data, font)
    parentPort!.postMessage({ id: msg.id, pdf }, [pdf.buffer as ArrayBuffer])
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) })
  }
})
