// A panic in the Rust code never takes Node down: it becomes an Error with
// code INTERNAL, thrown (sync) or rejected (async, panicking on a pool
// thread), and the process goes on working.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hg, packageDir } from './helpers.mjs'

const internal = (e) => {
  assert.ok(e instanceof Error)
  assert.equal(e.code, 'INTERNAL')
  assert.match(e.message, /internal error .*deliberate panic for the panic-guard tests/)
  return true
}

test('the panic exports exist but are not in the typed API', () => {
  assert.equal(typeof hg.__panicForTests, 'function')
  assert.equal(typeof hg.__panicForTestsAsync, 'function')
  assert.doesNotMatch(readFileSync(join(packageDir, 'index.d.ts'), 'utf8'), /panic/i)
})

test('a panic in a sync call throws INTERNAL and Node keeps running', () => {
  for (let i = 0; i < 3; i++) assert.throws(() => hg.__panicForTests(), internal)
  assert.equal(hg.lintSync('FROM ubuntu\n').diagnostics.length > 0, true)
})

test('a panic on the thread pool rejects with INTERNAL and Node keeps running', async () => {
  await assert.rejects(hg.__panicForTestsAsync(), internal)
  const results = await Promise.allSettled([
    hg.__panicForTestsAsync(),
    hg.lint('FROM ubuntu\n'),
    hg.__panicForTestsAsync(),
  ])
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'rejected'])
  assert.equal(results[1].value.diagnostics.length > 0, true)
})

test('a process that met panics exits normally', () => {
  const script = `
    const hg = require(process.argv[1])
    try { hg.__panicForTests() } catch (e) { console.log('sync', e.code) }
    hg.__panicForTestsAsync().catch((e) => console.log('async', e.code))
  `
  const r = spawnSync(process.execPath, ['-e', script, join(packageDir, 'index.js')], { encoding: 'utf8' })
  assert.equal(r.signal, null, r.stderr)
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, 'sync INTERNAL\nasync INTERNAL\n')
  // The default panic hook reports on stderr; that is all it does.
  assert.match(r.stderr, /panicked at/)
})
