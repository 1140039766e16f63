// The lookup log's writer thread (Node only; started by lookup-log-thread.ts beside it). Plain
// JavaScript with no project imports, so it starts without the TypeScript loader.
//
// It owns a second connection to the same SQLite file and writes each batch of entries it is
// sent through the log's one INSERT (`insertLookups` in src/db/lookup-log.ts, handed in as
// `workerData.insert`, all the batch's rows as one JSON parameter), prepared once, then answers
// with the batch's sequence number. The rows are sorted by graduate first: the log's index is
// (graduate_id, at), so neighbouring rows land on the same index pages.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const db = new Database(workerData.path)
// WAL lets this writer and the request thread's readers work at once; a write that meets the
// request thread's own write waits for it (busy_timeout) instead of failing.
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.pragma('busy_timeout = 10000')
const byGraduate = (a, b) => (a[4] ?? -1) - (b[4] ?? -1)
// Prepared on first use, and again after a failure: a batch that fails (a locked or altered
// table) is answered with an error, never fatal to the thread.
let write = null
const prepare = () => {
  const insert = db.prepare(workerData.insert)
  return (rows) => insert.run(JSON.stringify(rows))
}

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    write ??= prepare()
    write(msg.rows.sort(byGraduate))
    parentPort.postMessage({ seq: msg.seq })
  } catch (e) {
    write = null
    parentPort.postMessage({ seq: msg.seq, error: String(e && e.message ? e.message : e) })
  }
})
