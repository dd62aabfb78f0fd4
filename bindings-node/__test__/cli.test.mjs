// cli.js, the package's `hullguard` bin: the CLI's exit statuses and output
// through Node, as `npx hullguard` runs it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageDir, repoDir, tempDir } from './helpers.mjs'

const cli = join(packageDir, 'cli.js')
const run = (args, options = {}) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', ...options })

test('exit 0: nothing at or above the threshold', (t) => {
  const path = join(tempDir(t), 'Dockerfile')
  writeFileSync(path, 'FROM ubuntu\n')
  const r = run(['lint', path, '--failure-threshold', 'error'])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /DL3006/)
  assert.equal(run(['rules']).status, 0)
  assert.match(run(['explain', 'DL3008']).stdout, /^# DL3008/)
  assert.match(run(['--version']).stdout, /^hullguard \d/)
})

test('exit 1: findings at or above the threshold (the example Dockerfile)', () => {
  const r = run(['lint', join(repoDir, 'examples', 'Dockerfile'), '--format', 'json'])
  assert.equal(r.status, 1, r.stderr)
  assert.ok(JSON.parse(r.stdout).files[0].diagnostics.length > 0)
})

test('exit 2: usage, I/O and configuration errors', (t) => {
  const dir = tempDir(t)
  const missing = run(['lint', join(dir, 'nope', 'Dockerfile')])
  assert.equal(missing.status, 2)
  assert.match(missing.stderr, /cannot read/)
  assert.equal(run(['lint', '--format', 'xml', dir]).status, 2)
  assert.equal(run(['explain', 'DL0000']).status, 2)
  assert.equal(run([]).status, 2)
  const path = join(dir, 'Dockerfile')
  writeFileSync(path, 'FROM ubuntu\n')
  writeFileSync(join(dir, '.hullguard.toml'), 'nonsense = 1\n')
  const bad = run(['lint', path])
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /nonsense/)
})

test('standard input and large output go through', () => {
  const text = 'FROM ubuntu\n' + 'RUN apt-get install -y curl\n'.repeat(1000)
  const r = run(['lint', '-', '--format', 'json'], { input: text, maxBuffer: 64 * 1024 * 1024 })
  assert.equal(r.status, 1, r.stderr)
  const report = JSON.parse(r.stdout)
  assert.equal(report.files[0].path, '-')
  assert.ok(report.files[0].diagnostics.length >= 1000)
})
