// Every error code, from the sync functions (thrown) and the async ones
// (rejected with an equal Error).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hg, tempDir } from './helpers.mjs'

const expectCode = (code, pattern) => (e) => {
  assert.ok(e instanceof Error, 'an Error')
  assert.equal(e.code, code)
  if (pattern) assert.match(e.message, pattern)
  return true
}

// Checks the sync and async forms of one failing call.
async function both(syncCall, asyncCall, code, pattern) {
  assert.throws(syncCall, expectCode(code, pattern))
  await assert.rejects(asyncCall(), expectCode(code, pattern))
}

test('CONFIG_IO: the configuration file cannot be read', async (t) => {
  const missing = join(tempDir(t), 'missing.toml')
  await both(
    () => hg.lintSync('FROM a\n', { config: missing }),
    () => hg.lint('FROM a\n', { config: missing }),
    'CONFIG_IO',
    /cannot read .*missing\.toml/,
  )
})

test('CONFIG_INVALID: an unknown key in the configuration file', async (t) => {
  const config = join(tempDir(t), '.hullguard.toml')
  writeFileSync(config, 'failure-treshold = "error"\n')
  await both(
    () => hg.lintSync('FROM a\n', { config }),
    () => hg.lint('FROM a\n', { config }),
    'CONFIG_INVALID',
    /failure-treshold/,
  )
})

test('CONFIG_INVALID: a discovered configuration file is checked too', async (t) => {
  const dir = tempDir(t)
  writeFileSync(join(dir, '.hullguard.toml'), 'select = [\n')
  const path = join(dir, 'Dockerfile')
  writeFileSync(path, 'FROM a\n')
  await both(() => hg.lintFileSync(path), () => hg.lintFile(path), 'CONFIG_INVALID')
})

test('INVALID_OPTION: options that name no rule or no level', async () => {
  const cases = [
    [{ select: ['NOPE999'] }, /NOPE999/],
    [{ ignore: ['ALSO-NOT-A-RULE'] }, /ALSO-NOT-A-RULE/],
    [{ severity: { DL3006: 'loud' } }, /unknown level `loud`/],
    [{ severity: { NOPE999: 'error' } }, /NOPE999/],
    [{ failureThreshold: 'loud' }, /failure-threshold/],
  ]
  for (const [options, pattern] of cases) {
    await both(
      () => hg.lintSync('FROM a\n', options),
      () => hg.lint('FROM a\n', options),
      'INVALID_OPTION',
      pattern,
    )
  }
})

test('IO: the file to lint cannot be read', async (t) => {
  const dir = tempDir(t)
  const missing = join(dir, 'Dockerfile')
  await both(() => hg.lintFileSync(missing), () => hg.lintFile(missing), 'IO', /cannot read .*Dockerfile/)
  // A folder is not a file.
  await both(() => hg.lintFileSync(dir), () => hg.lintFile(dir), 'IO')
})

test('UNKNOWN_RULE: explain a code that names no rule', () => {
  assert.throws(() => hg.explain('DL0000'), expectCode('UNKNOWN_RULE', /no rule named `DL0000`/))
})

test('INVALID_ARGUMENT: bad arguments (see arguments.test.mjs for all)', async () => {
  await both(() => hg.lintSync(1), () => hg.lint(1), 'INVALID_ARGUMENT')
})

test('errors are plain Error objects with a string message', () => {
  try {
    hg.explain('DL0000')
    assert.fail('explain should throw')
  } catch (e) {
    assert.equal(Object.getPrototypeOf(e), Error.prototype)
    assert.equal(typeof e.message, 'string')
    assert.equal(typeof e.stack, 'string')
  }
})
