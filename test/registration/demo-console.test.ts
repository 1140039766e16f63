import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestApp } from '../helpers.js'
import { loadDemo } from '../../src/demo/load.js'

afterEach(() => vi.restoreAllMocks())

describe('the demo start-up lines', () => {
  // Issue 13 item 14: the console is read by the school's IT, so its counts speak Chinese.
  it('name the registration states in Chinese, not by their internal codes', async () => {
    const t = await createTestApp()
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '))
    })
    await loadDemo(t.deps, t.schoolId)
    const states = lines.find((l) => l.startsWith('登记状态：'))
    expect(states).toBeDefined()
    expect(states).toContain('审核通过')
    expect(states).toContain('待审核')
    expect(states).not.toMatch(/[A-Za-z]/)
  })
})
