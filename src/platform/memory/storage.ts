/** Blob storage in memory: for tests, and for a demo with no disk. */
import type { BlobStorage } from '../../deps.js'

export function memoryStorage(): BlobStorage {
  const files = new Map<string, Uint8Array>()
  return {
    async put(key, data) {
      files.set(key, data)
    },
    async get(key) {
      return files.get(key) ?? null
    },
    async delete(key) {
      files.delete(key)
    },
  }
}
