import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { ConfigError, parseConfig } from '../../src/config.js'

describe('settings (contract §1)', () => {
  it('has the documented defaults', () => {
    const c = parseConfig({})
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      databasePath: './data/quxiang.db',
      publicBaseUrl: 'http://localhost:8787',
      schoolCode: '99999',
      schoolName: '示例大学',
      trustProxy: false,
      verifyFailureLimit: 20,
      verifyFailureWindowS: 600,
    })
    expect(c.adminPassword).toBeUndefined()
    expect(c.secretKey).toBeUndefined()
    // WEB_CONCURRENCY unset: one per core (decided by the Node entry); backups off, 24 h, 14 kept.
    expect(c).toMatchObject({ webConcurrency: undefined, backupDir: undefined, backupIntervalH: 24, backupKeep: 14 })
    expect(
      parseConfig({ WEB_CONCURRENCY: '3', BACKUP_DIR: '/srv/b', BACKUP_INTERVAL_H: '0.5', BACKUP_KEEP: '7' }),
    ).toMatchObject({ webConcurrency: 3, backupDir: '/srv/b', backupIntervalH: 0.5, backupKeep: 7 })
  })

  it('derives PUBLIC_BASE_URL from PORT and reads every setting', () => {
    expect(parseConfig({ PORT: '9000' }).publicBaseUrl).toBe('http://localhost:9000')
    const c = parseConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_BASE_URL: 'https://dj.example.edu.cn/',
      SCHOOL_CODE: '10001',
      SCHOOL_NAME: '北京大学',
      TRUST_PROXY: '1',
      VERIFY_FAILURE_LIMIT: '5',
      VERIFY_FAILURE_WINDOW_S: '60',
    })
    expect(c).toMatchObject({
      host: '0.0.0.0',
      publicBaseUrl: 'https://dj.example.edu.cn',
      schoolCode: '10001',
      schoolName: '北京大学',
      trustProxy: true,
      verifyFailureLimit: 5,
      verifyFailureWindowS: 60,
    })
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SCHOOL_CODE: '1234' }, 'SCHOOL_CODE'],
    [{ SCHOOL_CODE: '1234a' }, 'SCHOOL_CODE'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ VERIFY_FAILURE_LIMIT: '-1' }, 'VERIFY_FAILURE_LIMIT'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ WEB_CONCURRENCY: '0' }, 'WEB_CONCURRENCY'],
    [{ WEB_CONCURRENCY: 'auto' }, 'WEB_CONCURRENCY'],
    [{ BACKUP_INTERVAL_H: 'daily' }, 'BACKUP_INTERVAL_H'],
    [{ BACKUP_KEEP: '0' }, 'BACKUP_KEEP'],
  ])('refuses %o naming %s', (env, name) => {
    try {
      parseConfig(env as Record<string, string>)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      expect((e as ConfigError).setting).toBe(name)
      expect((e as Error).message).toContain(name)
    }
  })

  it('a bad setting stops `npm start` with one line naming it and exit code 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'eighty', DATABASE_PATH: ':memory:' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('PORT')
  })
})
