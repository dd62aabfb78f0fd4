// Shared by the *.test.mjs files: the package as a consumer loads it, and
// temporary folders.
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
export const repoDir = join(packageDir, '..')
export const hg = require(join(packageDir, 'index.js'))

export function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'hullguard-node-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export function isPlain(value) {
  return Object.getPrototypeOf(value) === Object.prototype
}

export function codes(report) {
  return report.diagnostics.map((d) => d.code)
}
