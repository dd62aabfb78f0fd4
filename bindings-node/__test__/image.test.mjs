// scanImage and scanImageSync: the example image's findings with their
// locations, the policy options, the output formats, the diff_id check
// (verifyDiffIds), every image error a small hand-made image can provoke
// (thrown by the sync function, rejected by the async one), and many scans
// at once.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { codes, hg, isPlain, repoDir, tempDir } from './helpers.mjs'

const exampleImage = join(repoDir, 'examples', 'image')
const exampleDockerfile = join(repoDir, 'examples', 'Dockerfile')

const expectCode = (code, pattern) => (e) => {
  assert.ok(e instanceof Error, `an Error, got ${e}`)
  assert.equal(e.code, code, e.message)
  if (pattern) assert.match(e.message, pattern)
  return true
}

// The sync call throws, the async one rejects (never throws), with the same code.
async function both(path, options, code, pattern) {
  assert.throws(() => hg.scanImageSync(path, options), expectCode(code, pattern))
  let promise
  assert.doesNotThrow(() => {
    promise = hg.scanImage(path, options)
  })
  await assert.rejects(promise, expectCode(code, pattern))
}

const located = (report, code) => report.diagnostics.filter((d) => d.code === code).map((d) => d.location)

// --- a writable copy of the example image, and ways to change it -------------

function copyImage(t) {
  const dir = join(tempDir(t), 'image')
  cpSync(exampleImage, dir, { recursive: true })
  return dir
}

const blobPath = (dir, digest) => join(dir, 'blobs', ...digest.split(':'))
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))

function writeBlob(dir, bytes) {
  const hex = createHash('sha256').update(bytes).digest('hex')
  writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes)
  return { digest: `sha256:${hex}`, size: bytes.length }
}

function manifestOf(dir) {
  const index = readJson(join(dir, 'index.json'))
  return { index, manifest: readJson(blobPath(dir, index.manifests[0].digest)) }
}

// Rewrites the manifest with `edit`, stores it, and points index.json at it,
// so every digest still verifies.
function editManifest(dir, edit) {
  const { index, manifest } = manifestOf(dir)
  edit(manifest)
  Object.assign(index.manifests[0], writeBlob(dir, Buffer.from(JSON.stringify(manifest))))
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index))
}

// Rewrites the image config with `edit`, stores it, and points the manifest
// (and so index.json) at it, so every blob still hashes to its digest.
function editConfig(dir, edit) {
  const config = readJson(blobPath(dir, manifestOf(dir).manifest.config.digest))
  edit(config)
  const stored = writeBlob(dir, Buffer.from(JSON.stringify(config)))
  editManifest(dir, (m) => Object.assign(m.config, stored))
}

// Replaces the bottom layer with `bytes` (an uncompressed tar), correctly digested.
function replaceBottomLayer(dir, bytes) {
  editManifest(dir, (m) => {
    m.layers[0] = { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...writeBlob(dir, bytes) }
  })
}

// A ustar header for a regular file `name` of `size` bytes.
function tarHeader(name, size) {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100)
  h.write('0000644\0', 100)
  h.write('0000000\0', 108)
  h.write('0000000\0', 116)
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  h.write('00000000000\0', 136)
  h.write('        ', 148)
  h.write('0', 156)
  h.write('ustar\0', 257)
  h.write('00', 263)
  let sum = 0
  for (const b of h) sum += b
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return h
}

// A whole tar of `[name, content]` files.
function tar(files) {
  const parts = []
  for (const [name, content] of files) {
    const body = Buffer.from(content)
    parts.push(tarHeader(name, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

// --- what a scan reports ------------------------------------------------------

test('the example image: plain objects, findings located in the image', () => {
  const r = hg.scanImageSync(exampleImage)
  assert.ok(isPlain(r))
  assert.deepEqual(Object.keys(r).sort(), ['diagnostics', 'failed', 'notes', 'path'])
  assert.equal(r.path, exampleImage)
  assert.equal(r.failed, true)
  assert.deepEqual(r.notes, [])
  // Runs as root: HG200, located at the config's User field.
  const hg200 = r.diagnostics.find((d) => d.code === 'HG200')
  assert.ok(hg200, JSON.stringify(codes(r)))
  assert.equal(hg200.location, 'config.User')
  assert.equal(hg200.severity, 'warning')
  assert.equal(hg200.category, 'privileges')
  assert.match(hg200.url, /HG200\.md$/)
  // History entries re-linted with the Dockerfile rules, and files in layers.
  assert.ok(located(r, 'HG190').some((l) => /^history\[\d+\]: RUN curl .*\| sh$/.test(l)), JSON.stringify(located(r, 'HG190')))
  assert.deepEqual(located(r, 'HG302'), ['layer 5: /app/app/.env'])
  for (const d of r.diagnostics) {
    assert.ok(isPlain(d))
    assert.equal(typeof d.location, 'string', d.code)
    // No position in a text: every line and column is 0 (UTF-16 ones too).
    for (const key of ['line', 'column', 'endLine', 'endColumn', 'columnUtf16', 'endColumnUtf16']) {
      assert.equal(d[key], 0, `${d.code}.${key}`)
    }
    assert.equal('fix' in d, false)
  }
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r)
  assert.deepEqual(structuredClone(r), r)
})

test('the findings are the CLI\'s (`hullguard image --format json`, same folder)', () => {
  const cli = spawnSync(process.execPath, [join(repoDir, 'bindings-node', 'cli.js'), 'image', '--format', 'json', exampleImage], {
    encoding: 'utf8',
    cwd: repoDir,
  })
  assert.equal(cli.status, 1, cli.stderr)
  const [file] = JSON.parse(cli.stdout).files
  const before = process.cwd()
  process.chdir(repoDir)
  let r
  try {
    r = hg.scanImageSync(exampleImage)
  } finally {
    process.chdir(before)
  }
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.location, d.message]),
    file.diagnostics.map((d) => [d.code, d.severity, d.location, d.message]),
  )
})

test('sync and async give the same report', async () => {
  assert.deepEqual(await hg.scanImage(exampleImage), hg.scanImageSync(exampleImage))
  const options = { format: 'sarif', ignore: ['HG207'] }
  assert.deepEqual(await hg.scanImage(exampleImage, options), hg.scanImageSync(exampleImage, options))
})

test('formats: SARIF results carry logical locations; JSON and text name them', () => {
  const sarif = JSON.parse(hg.scanImageSync(exampleImage, { format: 'sarif' }).output)
  assert.equal(sarif.version, '2.1.0')
  const result = sarif.runs[0].results.find((x) => x.ruleId === 'HG200')
  assert.ok(result, 'HG200 in the SARIF results')
  const logical = result.locations.flatMap((l) => l.logicalLocations ?? [])
  assert.deepEqual(logical.map((l) => l.fullyQualifiedName), ['config.User'])
  const json = JSON.parse(hg.scanImageSync(exampleImage, { format: 'json' }).output)
  assert.equal(json.files.length, 1)
  assert.equal(json.files[0].path, exampleImage)
  assert.ok(json.files[0].diagnostics.some((d) => d.code === 'HG200' && d.location === 'config.User'))
  const text = hg.scanImageSync(exampleImage, { format: 'text' }).output
  assert.match(text, /config\.User: HG200 warning/)
  assert.doesNotMatch(text, /\x1b\[/, 'no colour codes in a library result')
})

test('policy options: ignore, select, severity, thresholds', () => {
  const all = hg.scanImageSync(exampleImage)
  assert.ok(codes(all).includes('HG200'))
  const ignored = hg.scanImageSync(exampleImage, { ignore: ['HG200'] })
  assert.ok(!codes(ignored).includes('HG200'))
  assert.deepEqual(codes(ignored), codes(all).filter((c) => c !== 'HG200'))
  // Categories work as selectors here too: the history's DL3008s are pinning.
  assert.ok(!codes(hg.scanImageSync(exampleImage, { ignore: ['pinning'] })).includes('DL3008'))
  const sev = hg.scanImageSync(exampleImage, { severity: { HG200: 'error', HG302: 'off' } })
  assert.equal(sev.diagnostics.find((d) => d.code === 'HG200').severity, 'error')
  assert.ok(!codes(sev).includes('HG302'))
  // Only warnings and infos left once the error-level HG302 is off.
  const noError = { severity: { HG302: 'off' } }
  assert.equal(hg.scanImageSync(exampleImage, { ...noError, failureThreshold: 'error' }).failed, false)
  assert.equal(hg.scanImageSync(exampleImage, { ...noError, failureThreshold: 'warning' }).failed, true)
  assert.equal(hg.scanImageSync(exampleImage, { failureThreshold: 'none' }).failed, false)
  const noFail = hg.scanImageSync(exampleImage, { noFail: true })
  assert.equal(noFail.failed, false)
  assert.deepEqual(noFail.diagnostics, all.diagnostics)
  // Selecting a rule that is off by default works (ALL turns every rule on).
  assert.ok(hg.scanImageSync(exampleImage, { select: ['ALL'] }).diagnostics.length >= all.diagnostics.length)
})

test('configuration: from the current folder, or given explicitly', (t) => {
  const dir = tempDir(t)
  writeFileSync(join(dir, '.hullguard.toml'), 'ignore = ["HG200"]\n')
  const before = process.cwd()
  process.chdir(dir)
  try {
    assert.ok(!codes(hg.scanImageSync(exampleImage)).includes('HG200'))
  } finally {
    process.chdir(before)
  }
  const other = join(dir, 'other.toml')
  writeFileSync(other, 'ignore = ["HG302"]\nmax-image-age-days = 100000\n')
  const explicit = hg.scanImageSync(exampleImage, { config: other })
  assert.ok(codes(explicit).includes('HG200'))
  assert.ok(!codes(explicit).includes('HG302'))
  assert.ok(!codes(explicit).includes('HG207'), 'the settings of the file apply too')
})

test('options.dockerfile: one report, the Dockerfile\'s findings first, its configuration', (t) => {
  const r = hg.scanImageSync(exampleImage, { dockerfile: exampleDockerfile, format: 'json' })
  const lint = hg.lintFileSync(exampleDockerfile)
  const image = hg.scanImageSync(exampleImage)
  assert.equal(r.path, exampleImage)
  assert.deepEqual(r.diagnostics, [...lint.diagnostics, ...image.diagnostics])
  for (const d of r.diagnostics.slice(0, lint.diagnostics.length)) {
    assert.equal('location' in d, false, d.code)
    assert.ok(d.line >= 1)
  }
  const json = JSON.parse(r.output)
  assert.deepEqual(json.files.map((f) => f.path), [exampleDockerfile, exampleImage])
  // The configuration is the one next to the Dockerfile, for both.
  const dir = tempDir(t)
  const dockerfile = join(dir, 'Dockerfile')
  writeFileSync(dockerfile, 'FROM ubuntu\n')
  writeFileSync(join(dir, '.hullguard.toml'), 'ignore = ["HG200", "DL3006"]\n')
  const withConfig = hg.scanImageSync(exampleImage, { dockerfile })
  assert.ok(!codes(withConfig).includes('HG200'))
  assert.ok(!codes(withConfig).includes('DL3006'))
  assert.ok(codes(withConfig).includes('HG150'), 'the Dockerfile is linted')
})

test('notes: what is worth knowing but not a finding', (t) => {
  // A bare image config that oci-spec rejects (no rootfs) is read all the
  // same, with a note saying so.
  const config = join(tempDir(t), 'config.json')
  writeFileSync(config, JSON.stringify({ architecture: 'amd64', os: 'linux', config: { User: '' } }))
  const r = hg.scanImageSync(config)
  assert.equal(r.path, config)
  assert.ok(codes(r).includes('HG200'))
  assert.ok(r.notes.length > 0 && r.notes.every((n) => typeof n === 'string'), JSON.stringify(r.notes))
  assert.match(r.notes.join('\n'), /not a valid OCI image configuration/)
  // A Dockerfile has none.
  assert.deepEqual(hg.lintSync('FROM ubuntu\n').notes, [])
})

test('platform: the one image of the example is linux/amd64', () => {
  assert.deepEqual(hg.scanImageSync(exampleImage, { platform: 'linux/amd64' }), hg.scanImageSync(exampleImage))
})

test('verifyDiffIds: the example image\'s layers match its rootfs.diff_ids (sync and async)', async () => {
  const plain = hg.scanImageSync(exampleImage)
  assert.deepEqual(hg.scanImageSync(exampleImage, { verifyDiffIds: true }), plain)
  assert.deepEqual(await hg.scanImage(exampleImage, { verifyDiffIds: true }), plain)
  assert.deepEqual(hg.scanImageSync(exampleImage, { verifyDiffIds: false }), plain)
})

// --- errors -------------------------------------------------------------------

test('IMAGE_IO: the path does not exist', async (t) => {
  await both(join(tempDir(t), 'missing'), undefined, 'IMAGE_IO', /cannot read .*missing/)
})

test('IMAGE_FORMAT: a file or folder that is no image', async (t) => {
  const dir = tempDir(t)
  const junk = join(dir, 'junk.bin')
  writeFileSync(junk, 'this is not an image\n'.repeat(50))
  await both(junk, undefined, 'IMAGE_FORMAT', /not an image/)
  await both(dir, undefined, 'IMAGE_FORMAT', /not an image/)
  await both(exampleDockerfile, undefined, 'IMAGE_FORMAT')
})

test('IMAGE_PLATFORM: no image for the platform asked for', async () => {
  await both(exampleImage, { platform: 'linux/arm64' }, 'IMAGE_PLATFORM', /linux\/arm64 \(available: linux\/amd64\)/)
})

test('IMAGE_DIGEST_MISMATCH or IMAGE_COMPRESSION: a byte flipped in a layer blob', async (t) => {
  const dir = copyImage(t)
  const { manifest } = manifestOf(dir)
  const layer = blobPath(dir, manifest.layers[0].digest)
  const bytes = readFileSync(layer)
  bytes[Math.floor(bytes.length / 2)] ^= 0xff
  writeFileSync(layer, bytes)
  let code
  try {
    hg.scanImageSync(dir)
    assert.fail('a tampered layer must not scan')
  } catch (e) {
    code = e.code
  }
  assert.ok(['IMAGE_DIGEST_MISMATCH', 'IMAGE_COMPRESSION'].includes(code), code)
  await both(dir, undefined, code)
})

test('IMAGE_DIGEST_MISMATCH: a layer recompressed (same files, other bytes)', async (t) => {
  const dir = copyImage(t)
  const layer = blobPath(dir, manifestOf(dir).manifest.layers[1].digest)
  const before = readFileSync(layer)
  const after = gzipSync(gunzipSync(before), { level: 1 })
  assert.notDeepEqual(after, before)
  writeFileSync(layer, after)
  await both(dir, undefined, 'IMAGE_DIGEST_MISMATCH', /digest mismatch .*expected sha256:/)
})

test('IMAGE_DIGEST_MISMATCH: a byte flipped in the config blob', async (t) => {
  const dir = copyImage(t)
  const { manifest } = manifestOf(dir)
  const config = blobPath(dir, manifest.config.digest)
  const bytes = readFileSync(config)
  bytes[bytes.indexOf('"User"') + 2] ^= 0x20
  writeFileSync(config, bytes)
  await both(dir, undefined, 'IMAGE_DIGEST_MISMATCH', /digest mismatch/)
})

test('IMAGE_DIGEST_MISMATCH with verifyDiffIds: a config whose diff_id lies about a layer', async (t) => {
  // Every blob, the new config included, hashes to its digest: only the
  // uncompressed hash of layer 1 disagrees with what the config says.
  const dir = copyImage(t)
  const lie = `sha256:${'0'.repeat(64)}`
  editConfig(dir, (c) => {
    assert.notEqual(c.rootfs.diff_ids[0], lie)
    c.rootfs.diff_ids[0] = lie
  })
  const { manifest } = manifestOf(dir)
  assert.equal(readJson(blobPath(dir, manifest.config.digest)).rootfs.diff_ids[0], lie)
  // Without the option (or with it false) the copy scans as the original does.
  const plain = hg.scanImageSync(dir)
  assert.deepEqual(plain.diagnostics, hg.scanImageSync(exampleImage).diagnostics)
  assert.deepEqual(hg.scanImageSync(dir, { verifyDiffIds: false }), plain)
  assert.deepEqual(await hg.scanImage(dir), plain)
  await both(
    dir,
    { verifyDiffIds: true },
    'IMAGE_DIGEST_MISMATCH',
    new RegExp(`digest mismatch for layer 1 \\(uncompressed\\): expected ${lie}, content hashes to sha256:[0-9a-f]{64}`),
  )
})

test('IMAGE_JSON with verifyDiffIds: rootfs.diff_ids does not list every layer', async (t) => {
  const dir = copyImage(t)
  editConfig(dir, (c) => c.rootfs.diff_ids.pop())
  assert.equal(hg.scanImageSync(dir).path, dir)
  await both(dir, { verifyDiffIds: true }, 'IMAGE_JSON', /rootfs\.diff_ids lists 5 layers, the manifest 6/)
})

test('IMAGE_MISSING_BLOB: a layer the manifest names is gone', async (t) => {
  const dir = copyImage(t)
  rmSync(blobPath(dir, manifestOf(dir).manifest.layers[2].digest))
  await both(dir, undefined, 'IMAGE_MISSING_BLOB')
})

test('IMAGE_DIGEST: a digest that could leave blobs/', async (t) => {
  const dir = copyImage(t)
  const index = readJson(join(dir, 'index.json'))
  index.manifests[0].digest = 'sha256:../../../etc/passwd'
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index))
  await both(dir, undefined, 'IMAGE_DIGEST', /invalid digest/)
})

test('IMAGE_JSON: a malformed index.json', async (t) => {
  const dir = copyImage(t)
  writeFileSync(join(dir, 'index.json'), '{"manifests": [')
  await both(dir, undefined, 'IMAGE_JSON')
})

test('IMAGE_INDEX_CYCLE: an index reached twice', async (t) => {
  const dir = copyImage(t)
  const index = readJson(join(dir, 'index.json'))
  const nested = writeBlob(dir, Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: index.manifests })))
  const entry = { mediaType: 'application/vnd.oci.image.index.v1+json', ...nested }
  index.manifests = [entry, entry]
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index))
  await both(dir, undefined, 'IMAGE_INDEX_CYCLE')
})

test('IMAGE_UNSAFE_PATH: a layer entry that climbs out of the root', async (t) => {
  const dir = copyImage(t)
  replaceBottomLayer(dir, tar([['../../etc/cron.d/evil', '* * * * * root sh\n']]))
  await both(dir, undefined, 'IMAGE_UNSAFE_PATH', /unsafe entry name `\.\.\/\.\.\/etc\/cron\.d\/evil`/)
})

test('IMAGE_TAR: a layer that ends inside an entry', async (t) => {
  const dir = copyImage(t)
  replaceBottomLayer(dir, Buffer.concat([tarHeader('etc/big', 8192), Buffer.alloc(700, 0x61)]))
  await both(dir, undefined, 'IMAGE_TAR', /corrupt or truncated tar/)
})

test('IMAGE_LIMIT: more uncompressed bytes than allowed', async () => {
  await both(exampleImage, { maxUncompressedBytes: 1 }, 'IMAGE_LIMIT', /max_uncompressed_bytes/)
  // The default and a generous limit both scan it.
  assert.deepEqual(hg.scanImageSync(exampleImage, { maxUncompressedBytes: 1 << 20 }), hg.scanImageSync(exampleImage))
})

test('policy errors: CONFIG_IO, CONFIG_INVALID, INVALID_OPTION, IO (the Dockerfile)', async (t) => {
  const dir = tempDir(t)
  await both(exampleImage, { config: join(dir, 'missing.toml') }, 'CONFIG_IO', /missing\.toml/)
  const bad = join(dir, 'bad.toml')
  writeFileSync(bad, 'failure-treshold = "error"\n')
  await both(exampleImage, { config: bad }, 'CONFIG_INVALID', /failure-treshold/)
  await both(exampleImage, { ignore: ['NOPE999'] }, 'INVALID_OPTION', /NOPE999/)
  await both(exampleImage, { failureThreshold: 'loud' }, 'INVALID_OPTION')
  await both(exampleImage, { dockerfile: join(dir, 'Dockerfile') }, 'IO', /cannot read .*Dockerfile/)
})

test('INVALID_ARGUMENT: bad arguments and option values, named', async () => {
  const cases = [
    [undefined, undefined, /path must be a string, got undefined/],
    [3, undefined, /path must be a string, got a number/],
    [exampleImage, 'linux/amd64', /options must be an object, got a string/],
    [exampleImage, { platform: 'linux' }, /options\.platform must be os\/arch\[\/variant\].*got `linux`/],
    [exampleImage, { platform: 'linux/amd64/v1/x' }, /options\.platform must be/],
    [exampleImage, { platform: 64 }, /options\.platform must be a string, got a number/],
    [exampleImage, { maxUncompressedBytes: '64G' }, /options\.maxUncompressedBytes must be a number, got a string/],
    [exampleImage, { maxUncompressedBytes: -1 }, /non-negative integer/],
    [exampleImage, { maxUncompressedBytes: 1.5 }, /non-negative integer/],
    [exampleImage, { maxUncompressedBytes: Number.NaN }, /non-negative integer/],
    [exampleImage, { maxUncompressedBytes: Number.POSITIVE_INFINITY }, /non-negative integer/],
    [exampleImage, { maxUncompressedBytes: 2 ** 64 }, /non-negative integer/],
    [exampleImage, { verifyDiffIds: 'yes' }, /options\.verifyDiffIds must be a boolean, got a string/],
    [exampleImage, { verifyDiffIds: 1 }, /options\.verifyDiffIds must be a boolean, got a number/],
    [exampleImage, { verifyDiffIds: {} }, /options\.verifyDiffIds must be a boolean, got an object/],
    [exampleImage, { dockerfile: ['Dockerfile'] }, /options\.dockerfile must be a string/],
    [exampleImage, { ignore: 'HG200' }, /options\.ignore must be an array of strings/],
    [exampleImage, { format: 'xml' }, /unknown format `xml`/],
    [exampleImage, { path: 'x' }, /unknown option `path`/],
    [exampleImage, { maxUncompressed: 1 }, /unknown option `maxUncompressed` \(options are platform, maxUncompressedBytes, verifyDiffIds, /],
    [exampleImage, { verifyDiffIDs: true }, /unknown option `verifyDiffIDs`/],
  ]
  for (const [path, options, pattern] of cases) {
    await both(path, options, 'INVALID_ARGUMENT', pattern)
  }
  // undefined and null values count as not given.
  const r = hg.scanImageSync(exampleImage, { platform: undefined, maxUncompressedBytes: null, verifyDiffIds: null, format: undefined })
  assert.equal('output' in r, false)
})

// --- concurrency --------------------------------------------------------------

test('concurrency: many async scans at once each get their own report', async (t) => {
  const dir = copyImage(t)
  const variants = [
    [exampleImage, undefined],
    [exampleImage, { ignore: ['HG200'] }],
    [exampleImage, { format: 'json' }],
    [dir, { severity: { HG200: 'error' } }],
    [exampleImage, { platform: 'linux/arm64' }],
    [join(dir, 'missing'), undefined],
  ]
  const calls = Array.from({ length: 30 }, (_, i) => variants[i % variants.length])
  const expected = variants.map(([path, options]) => {
    try {
      return { status: 'fulfilled', value: hg.scanImageSync(path, options) }
    } catch (e) {
      return { status: 'rejected', code: e.code }
    }
  })
  const settled = await Promise.allSettled(calls.map(([path, options]) => hg.scanImage(path, options)))
  settled.forEach((got, i) => {
    const want = expected[i % variants.length]
    assert.equal(got.status, want.status, `call ${i}`)
    if (want.status === 'fulfilled') assert.deepEqual(got.value, want.value, `call ${i}`)
    else assert.equal(got.reason.code, want.code, `call ${i}`)
  })
  // The reports differ where their options do.
  const [plain, ignored] = settled
  assert.ok(codes(plain.value).includes('HG200') && !codes(ignored.value).includes('HG200'))
  // Lints and scans share the pool.
  const mixed = await Promise.all([hg.lint('FROM ubuntu\n'), hg.scanImage(exampleImage), hg.lintFile(exampleDockerfile)])
  assert.deepEqual(mixed[0].notes, [])
  assert.ok(codes(mixed[1]).includes('HG200'))
})

test('a scan leaves the image folder as it was (nothing written)', (t) => {
  const dir = copyImage(t)
  const list = () => spawnSync('find', [dir, '-printf', '%P %s %T@\n'], { encoding: 'utf8' }).stdout.split('\n').sort()
  const before = list()
  hg.scanImageSync(dir)
  assert.deepEqual(list(), before)
})
