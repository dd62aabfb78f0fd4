#!/usr/bin/env node
// A CI step written with the hullguard npm package: scan a built image (by
// default the repository's example, ../image, an OCI layout), print every
// finding with where it is in the image (`config.User`, `history[6]: RUN …`,
// `layer 5: /app/app/.env`) and every note, and fail the job when the report
// fails the project's policy (the .hullguard.toml of the current folder, or
// the one next to --dockerfile).
//
//   node examples/node/scan-image.mjs [IMAGE] [--platform os/arch] [--dockerfile Dockerfile]
//                                     [--verify-diff-ids]
//
// IMAGE is an OCI layout folder, an OCI or `docker save` archive, a skopeo
// `dir:`, an image config or `docker inspect` JSON. With --dockerfile, the
// Dockerfile is linted into the same report; with --verify-diff-ids, each
// layer's uncompressed digest is also checked against the config's
// rootfs.diff_ids (as `hullguard image --verify-diff-ids`). Exit status: 0
// clean, 1 findings that fail the policy, 2 hullguard could not scan
// (unreadable or tampered image, bad configuration, bad arguments).
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { scanImage } from 'hullguard'

let args
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      platform: { type: 'string' },
      dockerfile: { type: 'string' },
      'verify-diff-ids': { type: 'boolean', default: false },
    },
  })
} catch (error) {
  console.error(`scan-image: ${error.message}`)
  process.exit(2)
}
const image = args.positionals[0] ?? fileURLToPath(new URL('../image', import.meta.url))
const { platform, dockerfile, 'verify-diff-ids': verifyDiffIds } = args.values
// On GitHub Actions, findings also become annotations of the run.
const annotate = process.env.GITHUB_ACTIONS === 'true'
const annotationLevel = { error: 'error', warning: 'warning', info: 'notice', style: 'notice' }

let report
try {
  report = await scanImage(image, { platform, dockerfile, verifyDiffIds })
} catch (error) {
  console.error(`hullguard: ${error.message} [${error.code}]`)
  process.exit(2)
}

const shown = (path) => {
  const fromHere = relative(process.cwd(), path)
  return fromHere && !fromHere.startsWith('..') ? fromHere : path
}
for (const d of report.diagnostics) {
  // Image findings have a location; Dockerfile findings (--dockerfile) a line.
  const where = d.location ?? `${shown(dockerfile)}:${d.line}:${d.column}`
  console.log(`${shown(report.path)}: ${where}: ${d.severity} ${d.code} ${d.message}`)
  console.log(`    ${d.help}`)
  if (annotate) {
    const at = d.location ? '' : `file=${shown(dockerfile)},line=${d.line},col=${d.column},`
    const message = d.location ? `${d.location}: ${d.message}` : d.message
    console.log(`::${annotationLevel[d.severity]} ${at}title=${d.code} ${d.name}::${message}`)
  }
}
for (const note of report.notes) console.log(`${shown(report.path)}: note: ${note}`)

const counts = new Map()
for (const d of report.diagnostics) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1)
const summary = ['error', 'warning', 'info', 'style']
  .filter((s) => counts.has(s))
  .map((s) => `${counts.get(s)} ${s}`)
console.log(
  `\n${shown(report.path)}: ${report.diagnostics.length} finding(s)${summary.length ? ` (${summary.join(', ')})` : ''}; ` +
    (report.failed ? 'failing the build.' : 'passing.'),
)
process.exitCode = report.failed ? 1 : 0
