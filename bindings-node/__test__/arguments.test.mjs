// Argument handling: missing and wrongly typed arguments and options give an
// Error with code INVALID_ARGUMENT, thrown by the sync functions and as a
// rejection (never a synchronous throw) by the async ones.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hg } from './helpers.mjs'

const invalid = (pattern) => (e) => {
  assert.ok(e instanceof Error, 'an Error')
  assert.equal(e.code, 'INVALID_ARGUMENT')
  assert.match(e.message, pattern)
  return true
}

test('lintSync: the text must be a string', () => {
  assert.throws(() => hg.lintSync(), invalid(/text must be a string, got undefined/))
  assert.throws(() => hg.lintSync(3), invalid(/text must be a string, got a number/))
  assert.throws(() => hg.lintSync(null), invalid(/got null/))
  assert.throws(() => hg.lintSync(Buffer.from('FROM a\n')), invalid(/got an object/))
  assert.throws(() => hg.lintSync(['FROM a']), invalid(/got an object/))
})

test('lintFileSync: the path must be a string', () => {
  assert.throws(() => hg.lintFileSync(), invalid(/path must be a string, got undefined/))
  assert.throws(() => hg.lintFileSync({ path: 'Dockerfile' }), invalid(/got an object/))
})

test('options must be a plain object, null or undefined', () => {
  assert.equal(hg.lintSync('FROM a:1\n', undefined).path, '-')
  assert.equal(hg.lintSync('FROM a:1\n', null).path, '-')
  assert.equal(hg.lintSync('FROM a:1\n', {}).path, '-')
  assert.throws(() => hg.lintSync('FROM a\n', 'json'), invalid(/options must be an object, got a string/))
  assert.throws(() => hg.lintSync('FROM a\n', []), invalid(/options must be an object, got an array/))
  assert.throws(() => hg.lintSync('FROM a\n', 1), invalid(/got a number/))
})

test('option values are type-checked, naming the option', () => {
  const cases = [
    [{ path: 1 }, /options\.path must be a string, got a number/],
    [{ config: true }, /options\.config must be a string, got a boolean/],
    [{ select: 'HG1' }, /options\.select must be an array of strings, got a string/],
    [{ ignore: [1] }, /options\.ignore\[0\] must be a string, got a number/],
    [{ severity: 'DL3006=error' }, /options\.severity must be an object, got a string/],
    [{ severity: ['DL3006'] }, /options\.severity must be an object, got an array/],
    [{ severity: { DL3006: 1 } }, /options\.severity\.DL3006 must be a string, got a number/],
    [{ trustedRegistries: 'docker.io' }, /options\.trustedRegistries must be an array/],
    [{ failureThreshold: 2 }, /options\.failureThreshold must be a string/],
    [{ noFail: 'yes' }, /options\.noFail must be a boolean, got a string/],
    [{ format: 1 }, /options\.format must be a string/],
  ]
  for (const [options, pattern] of cases) {
    assert.throws(() => hg.lintSync('FROM a\n', options), invalid(pattern), JSON.stringify(options))
  }
})

test('an unknown option is an error, not silently ignored', () => {
  assert.throws(() => hg.lintSync('FROM a\n', { failThreshold: 'error' }), invalid(/unknown option `failThreshold`/))
})

test('undefined and null option values count as not given', () => {
  const r = hg.lintSync('FROM ubuntu\n', { path: undefined, select: null, format: undefined })
  assert.equal(r.path, '-')
  assert.equal('output' in r, false)
})

test('an unknown format is an invalid argument', () => {
  assert.throws(() => hg.lintSync('FROM a\n', { format: 'xml' }), invalid(/unknown format `xml`: expected text, json or sarif/))
})

test('lintFile does not take options.path', () => {
  assert.throws(() => hg.lintFileSync('Dockerfile', { path: 'x' }), invalid(/options\.path is not accepted by lintFile/))
})

test('explain and runCli check their arguments', () => {
  assert.throws(() => hg.explain(), invalid(/code must be a string, got undefined/))
  assert.throws(() => hg.explain(3008), invalid(/got a number/))
  assert.throws(() => hg.runCli(), invalid(/args must be an array of strings, got undefined/))
  assert.throws(() => hg.runCli('rules'), invalid(/args must be an array of strings, got a string/))
  assert.throws(() => hg.runCli(['lint', 3]), invalid(/args\[1\] must be a string, got a number/))
})

test('extra arguments are ignored, as with any JavaScript function', () => {
  assert.equal(hg.rules(1, 2).length > 0, true)
  assert.equal(hg.lintSync('FROM a:1\n', {}, 'extra').path, '-')
})

test('async functions reject (not throw) on bad arguments', async () => {
  let promise
  assert.doesNotThrow(() => {
    promise = hg.lint(3)
  })
  assert.ok(promise instanceof Promise)
  await assert.rejects(promise, invalid(/text must be a string, got a number/))
  await assert.rejects(hg.lint('FROM a\n', { select: 'HG1' }), invalid(/options\.select must be an array/))
  await assert.rejects(hg.lint('FROM a\n', { format: 'xml' }), invalid(/unknown format/))
  await assert.rejects(hg.lintFile(), invalid(/path must be a string, got undefined/))
  await assert.rejects(hg.lintFile('Dockerfile', { path: 'x' }), invalid(/options\.path is not accepted/))
})
