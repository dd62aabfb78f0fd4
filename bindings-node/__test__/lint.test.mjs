// What lint, lintSync, lintFile and lintFileSync return: plain objects in
// JavaScript conventions, positions for people and for editors, the
// configuration found as the CLI finds it, the core's output formats.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { codes, hg, isPlain, repoDir, tempDir } from './helpers.mjs'

const SEVERITIES = ['error', 'warning', 'info', 'style']
const CATEGORIES = [
  'base-image', 'pinning', 'multi-stage', 'packages', 'privileges',
  'secrets', 'supply-chain', 'vulnerabilities', 'correctness', 'style',
]

test('a report is a plain object with camelCase fields', () => {
  const r = hg.lintSync('FROM python:3.12\n')
  assert.ok(isPlain(r))
  assert.deepEqual(Object.keys(r).sort(), ['diagnostics', 'failed', 'notes', 'path'])
  assert.equal(r.path, '-')
  assert.deepEqual(r.notes, [])
  assert.equal(r.failed, true)
  assert.ok(Array.isArray(r.diagnostics) && r.diagnostics.length > 0)
  for (const d of r.diagnostics) {
    assert.ok(isPlain(d))
    for (const key of ['code', 'name', 'message', 'help', 'url']) assert.equal(typeof d[key], 'string', key)
    for (const key of ['line', 'column', 'endLine', 'endColumn', 'columnUtf16', 'endColumnUtf16']) {
      assert.ok(Number.isInteger(d[key]) && d[key] >= 1, key)
    }
    assert.ok(SEVERITIES.includes(d.severity), d.severity)
    assert.ok(CATEGORIES.includes(d.category), d.category)
    assert.equal('location' in d, false, 'only image findings have a location')
  }
  const withFix = r.diagnostics.find((d) => d.fix)
  assert.ok(withFix, 'HG101 offers a fix')
  assert.ok(isPlain(withFix.fix) && isPlain(withFix.fix.edits[0]))
  assert.equal(typeof withFix.fix.safe, 'boolean')
  // Plain data: it survives JSON and structured cloning unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r)
  assert.deepEqual(structuredClone(r), r)
})

test('the diagnostics are the CLI\'s (JSON output of the same run)', () => {
  const text = 'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\n'
  const r = hg.lintSync(text, { format: 'json' })
  const json = JSON.parse(r.output)
  const core = json.files[0].diagnostics
  assert.equal(core.length, r.diagnostics.length)
  r.diagnostics.forEach((d, i) => {
    for (const [js, rs] of [['code'], ['severity'], ['category'], ['message'], ['line'], ['column'], ['endLine', 'end_line'], ['endColumn', 'end_column']]) {
      assert.equal(d[js], core[i][rs ?? js], `${d.code}.${js}`)
    }
  })
})

test('sync and async give the same report', async (t) => {
  const text = 'FROM ubuntu\nUSER root\nRUN curl -k https://example.com | sh\n'
  assert.deepEqual(await hg.lint(text), hg.lintSync(text))
  const path = join(tempDir(t), 'Dockerfile')
  writeFileSync(path, text)
  const fromFile = hg.lintFileSync(path)
  assert.equal(fromFile.path, path)
  assert.deepEqual(await hg.lintFile(path), fromFile)
  assert.deepEqual(fromFile.diagnostics, hg.lintSync(text).diagnostics)
})

test('formats: json parses, sarif is 2.1.0, text names the codes', () => {
  const text = 'FROM ubuntu\n'
  const json = JSON.parse(hg.lintSync(text, { format: 'json' }).output)
  assert.equal(json.version, 1)
  assert.equal(json.files[0].path, '-')
  const sarif = JSON.parse(hg.lintSync(text, { format: 'sarif', path: 'svc/Dockerfile' }).output)
  assert.equal(sarif.version, '2.1.0')
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'DL3006'))
  const out = hg.lintSync(text, { format: 'text' }).output
  assert.match(out, /DL3006/)
  assert.doesNotMatch(out, /\x1b\[/, 'no colour codes in a library result')
})

test('options: select, ignore, severity, trusted registries, thresholds', () => {
  const text = 'FROM ubuntu\n'
  assert.deepEqual(codes(hg.lintSync(text)), ['DL3006', 'HG150'])
  assert.deepEqual(codes(hg.lintSync(text, { ignore: ['DL3006'] })), ['HG150'])
  assert.deepEqual(codes(hg.lintSync(text, { ignore: ['pinning', 'privileges'] })), [])
  const sev = hg.lintSync(text, { severity: { DL3006: 'error', HG150: 'off' } })
  assert.deepEqual(sev.diagnostics.map((d) => [d.code, d.severity]), [['DL3006', 'error']])
  // HG110 is off by default.
  assert.ok(!codes(hg.lintSync('FROM ubuntu:24.04\n')).includes('HG110'))
  assert.ok(codes(hg.lintSync('FROM ubuntu:24.04\n', { select: ['HG110'] })).includes('HG110'))
  const registries = hg.lintSync('FROM ghcr.io/acme/app:1\n', { trustedRegistries: ['docker.io'] })
  assert.ok(codes(registries).includes('DL3026'))
  // failed follows the failure threshold, as the CLI's exit status does.
  assert.equal(hg.lintSync(text).failed, true)
  assert.equal(hg.lintSync(text, { failureThreshold: 'error' }).failed, false)
  assert.equal(hg.lintSync(text, { failureThreshold: 'warning' }).failed, true)
  assert.equal(hg.lintSync(text, { failureThreshold: 'none' }).failed, false)
  assert.equal(hg.lintSync(text, { noFail: true }).failed, false)
  assert.equal(hg.lintSync(text, { noFail: true }).diagnostics.length, 2)
})

test('configuration: discovered from options.path, or given explicitly', (t) => {
  const dir = tempDir(t)
  const sub = join(dir, 'svc', 'api')
  mkdirSync(sub, { recursive: true })
  writeFileSync(join(dir, '.hullguard.toml'), 'ignore = ["DL3006"]\nfailure-threshold = "error"\n')
  const path = join(sub, 'Dockerfile')
  writeFileSync(path, 'FROM ubuntu\n')
  const discovered = hg.lintSync('FROM ubuntu\n', { path })
  assert.equal(discovered.path, path)
  assert.deepEqual(codes(discovered), ['HG150'])
  assert.equal(discovered.failed, false)
  assert.deepEqual(hg.lintFileSync(path), discovered)
  // Options apply on top of the file.
  assert.equal(hg.lintFileSync(path, { failureThreshold: 'warning' }).failed, true)
  // An explicit file wins over the discovered one.
  const other = join(dir, 'other.toml')
  writeFileSync(other, 'ignore = ["HG150"]\n')
  assert.deepEqual(codes(hg.lintSync('FROM ubuntu\n', { path, config: other })), ['DL3006'])
  // pyproject.toml and .hadolint.yaml are found as the CLI finds them.
  const py = join(dir, 'py')
  mkdirSync(py)
  writeFileSync(join(py, 'pyproject.toml'), '[tool.hullguard]\nignore = ["HG150"]\n')
  assert.deepEqual(codes(hg.lintSync('FROM ubuntu\n', { path: join(py, 'Dockerfile') })), ['DL3006'])
  const hadolint = join(dir, 'hadolint')
  mkdirSync(hadolint)
  writeFileSync(join(hadolint, '.hadolint.yaml'), 'ignored:\n  - DL3006\n')
  assert.deepEqual(codes(hg.lintSync('FROM ubuntu\n', { path: join(hadolint, 'Dockerfile') })), ['HG150'])
})

test('configuration: without options.path, from the current folder like `hullguard lint -`', (t) => {
  const dir = tempDir(t)
  writeFileSync(join(dir, '.hullguard.toml'), 'ignore = ["HG150"]\n')
  const before = process.cwd()
  process.chdir(dir)
  try {
    assert.deepEqual(codes(hg.lintSync('FROM ubuntu\n')), ['DL3006'])
  } finally {
    process.chdir(before)
  }
})

test('suppression comments work through the binding', () => {
  const text = '# hullguard ignore=DL3006 pinned by the base image policy\nFROM ubuntu\n'
  assert.deepEqual(codes(hg.lintSync(text)), ['HG150'])
})

test('non-ASCII: character columns for people, UTF-16 columns for editors', () => {
  // é is one UTF-16 unit, the emoji two: the finding after them starts one
  // UTF-16 unit later than its character column.
  const line = 'RUN echo "é 😀" && apt-get install -y curl'
  const text = `FROM ubuntu:24.04\n${line}\nUSER app\n`
  const r = hg.lintSync(text)
  const d = r.diagnostics.find((x) => x.code === 'DL3008')
  assert.ok(d, JSON.stringify(codes(r)))
  assert.equal(d.line, 2)
  // The finding is the package name; a JavaScript index is a UTF-16 offset,
  // a character column counts code points.
  const start = line.indexOf('curl')
  assert.equal(d.columnUtf16, start + 1)
  assert.equal(d.endColumnUtf16, start + 'curl'.length + 1)
  assert.equal(d.column, [...line.slice(0, start)].length + 1)
  assert.equal(d.columnUtf16 - d.column, 1)
  assert.equal(d.endColumnUtf16 - d.endColumn, 1)
  assert.equal(line.slice(d.columnUtf16 - 1, d.endColumnUtf16 - 1), 'curl')
  assert.equal([...line].slice(d.column - 1, d.endColumn - 1).join(''), 'curl')
})

test('fix edits are UTF-16 offsets: text.slice(start, end) is what they replace', () => {
  const text = '# Ünïcödé 😀 service, built by the team 🚀\nFROM python:3.12\nUSER app\n'
  const r = hg.lintSync(text)
  const d = r.diagnostics.find((x) => x.code === 'HG101')
  assert.ok(d?.fix, JSON.stringify(codes(r)))
  const [edit] = d.fix.edits
  assert.equal(text.slice(edit.start, edit.end), 'python:3.12')
  const fixed = text.slice(0, edit.start) + edit.replacement + text.slice(edit.end)
  assert.ok(!codes(hg.lintSync(fixed)).includes('HG101'), fixed)
})

test('a 10 MB Dockerfile (non-ASCII throughout), sync, async and from a file', async (t) => {
  // Comment lines make up the bulk: the core's time grows with the square of
  // the number of instructions in a stage, so 10 MB of instructions would
  // test the core's speed, not the binding's handling of a large input.
  const filler = '# é 😀 ' + 'padding, '.repeat(60) + '\n'
  const head = 'FROM ubuntu:24.04\n'
  const tail = 'RUN echo "é 😀" && apt-get install -y curl\nUSER app\n'
  const text = head + filler.repeat(Math.ceil((10 * 1024 * 1024) / filler.length)) + tail
  assert.ok(Buffer.byteLength(text) >= 10 * 1024 * 1024)
  const lines = text.split('\n')
  const r = hg.lintSync(text)
  const d = r.diagnostics.find((x) => x.code === 'DL3008')
  assert.equal(d.line, lines.length - 2)
  assert.equal(d.columnUtf16 - d.column, 1)
  assert.equal(lines[d.line - 1].slice(d.columnUtf16 - 1, d.endColumnUtf16 - 1), 'curl')
  assert.deepEqual(await hg.lint(text), r)
  const path = join(tempDir(t), 'Dockerfile')
  writeFileSync(path, text)
  assert.deepEqual(hg.lintFileSync(path).diagnostics, r.diagnostics)
  assert.deepEqual((await hg.lintFile(path, { format: 'sarif' })).diagnostics, r.diagnostics)
})

test('lint works off the main thread: timers fire while it runs', async () => {
  // One long RUN script: a few hundred milliseconds of work in the core.
  const text = 'FROM ubuntu:24.04\nRUN ' + 'echo hello world \\\n && '.repeat(30_000) + 'true\n'
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const started = performance.now()
  const r = await hg.lint(text)
  const took = performance.now() - started
  clearInterval(timer)
  assert.equal(r.path, '-')
  // Only meaningful when the work took long enough for a timer to be due.
  if (took > 50) assert.ok(ticks > 0, `no timer tick during ${took.toFixed(0)} ms of linting`)
})

test('concurrency: many async lints at once each get their own report', async () => {
  const inputs = Array.from({ length: 24 }, (_, i) =>
    `FROM ${['ubuntu', 'python:3.12', 'node:latest', 'alpine:3.20'][i % 4]}\nRUN echo ${i}\n${i % 2 ? 'USER app\n' : ''}`)
  const expected = inputs.map((text) => hg.lintSync(text))
  const got = await Promise.all(inputs.map((text, i) => (i % 3 ? hg.lint(text) : hg.lint(text, { format: 'json' }))))
  got.forEach((r, i) => {
    assert.deepEqual(r.diagnostics, expected[i].diagnostics, inputs[i])
    if (i % 3 === 0) assert.equal(JSON.parse(r.output).files[0].diagnostics.length, r.diagnostics.length)
  })
})

test('the example Dockerfile fails with findings in several categories', async () => {
  const r = await hg.lintFile(join(repoDir, 'examples', 'Dockerfile'))
  assert.equal(r.failed, true)
  assert.ok(new Set(r.diagnostics.map((d) => d.category)).size >= 3)
})

test('rules(): plain objects, one per rule, as `hullguard rules` lists them', () => {
  const rules = hg.rules()
  assert.ok(rules.length >= 60)
  assert.equal(new Set(rules.map((r) => r.code)).size, rules.length)
  for (const r of rules) {
    assert.ok(isPlain(r))
    assert.deepEqual(Object.keys(r).sort(), ['category', 'code', 'defaultEnabled', 'help', 'name', 'severity', 'sources', 'summary', 'url'])
    assert.ok(SEVERITIES.includes(r.severity) && CATEGORIES.includes(r.category))
    assert.equal(typeof r.defaultEnabled, 'boolean')
    assert.ok(Array.isArray(r.sources) && r.summary.length > 0 && r.url.endsWith(`${r.code}.md`))
  }
  const dl3006 = rules.find((r) => r.code === 'DL3006')
  assert.ok(dl3006.sources.includes('hadolint:DL3006'))
})

test('explain(): by code, rule name or peer id', () => {
  const page = hg.explain('DL3008')
  assert.match(page, /^# DL3008 `/)
  assert.equal(hg.explain('dl3008'), page)
  const name = hg.rules().find((r) => r.code === 'DL3008').name
  assert.equal(hg.explain(name), page)
  assert.match(hg.explain('DS-0002'), /^# /)
})
