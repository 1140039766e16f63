/**
 * Background threads yield the cores to the request thread (issue 19 item 1). Parsing an upload
 * and rendering sheets are work a user waits seconds for anyway; a lookup is work an archive
 * clerk expects in milliseconds. On two cores, an import's parser and a ZIP's renderers would
 * otherwise take their full share from the thread that answers every request.
 *
 * Linux keeps a nice value per thread, and setpriority(PRIO_PROCESS, tid) — Node's
 * `os.setPriority` — sets it for the thread with that id alone; the thread finds its own id in
 * /proc/thread-self. At nice 10 the scheduler gives a busy thread about a tenth of the weight of
 * a nice-0 one (CFS weights 110 against 1024), so the background work still runs at full speed
 * on an idle machine and steps back only while requests need the core. Raising one's own nice
 * value needs no privilege. Elsewhere (no /proc) the thread keeps its priority.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

export function yieldToRequests(nice = 10): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (!Number.isInteger(tid) || tid <= 0) return false
    setPriority(tid, nice)
    return true
  } catch {
    return false
  }
}
