#!/usr/bin/env node
// A CI step written with the hullguard npm package: lint a Dockerfile (by
// default the repository's example, ../Dockerfile), print every finding, and
// fail the job when the report fails the project's policy (the failure
// threshold of the .hullguard.toml found next to the Dockerfile, or `info`).
//
//   node examples/node/lint.mjs [path/to/Dockerfile]
//
// Exit status: 0 clean, 1 findings that fail the policy, 2 hullguard could
// not lint (unreadable file, bad configuration).
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { lintFile } from 'hullguard'

const dockerfile = process.argv[2] ?? fileURLToPath(new URL('../Dockerfile', import.meta.url))
// On GitHub Actions, findings also become annotations on the pull request.
const annotate = process.env.GITHUB_ACTIONS === 'true'
const annotationLevel = { error: 'error', warning: 'warning', info: 'notice', style: 'notice' }

let report
try {
  report = await lintFile(dockerfile)
} catch (error) {
  console.error(`hullguard: ${error.message} [${error.code}]`)
  process.exit(2)
}

const fromHere = relative(process.cwd(), report.path)
const shown = fromHere && !fromHere.startsWith('..') ? fromHere : report.path
for (const d of report.diagnostics) {
  console.log(`${shown}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`)
  console.log(`    ${d.help}`)
  if (d.fix) console.log(`    fix${d.fix.safe ? ' (safe)' : ''}: ${d.fix.title}`)
  if (annotate) {
    const at = `file=${shown},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn}`
    console.log(`::${annotationLevel[d.severity]} ${at},title=${d.code} ${d.name}::${d.message}`)
  }
}

const counts = new Map()
for (const d of report.diagnostics) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1)
const summary = ['error', 'warning', 'info', 'style']
  .filter((s) => counts.has(s))
  .map((s) => `${counts.get(s)} ${s}`)
console.log(
  `\n${shown}: ${report.diagnostics.length} finding(s)${summary.length ? ` (${summary.join(', ')})` : ''}; ` +
    (report.failed ? 'failing the build.' : 'passing.'),
)
process.exitCode = report.failed ? 1 : 0
