// A TypeScript consumer of the package, checked with
// `tsc --strict --noEmit` against index.d.ts (it is never run).
import {
  explain,
  lint,
  lintFile,
  lintFileSync,
  lintSync,
  rules,
  runCli,
  type Category,
  type Diagnostic,
  type LintOptions,
  type Report,
  type Rule,
  type Severity,
} from '../index.js'

const options: LintOptions = {
  path: 'services/api/Dockerfile',
  select: ['HG110', 'secrets'],
  ignore: ['DL3008'],
  severity: { DL3006: 'error', HG150: 'off' },
  trustedRegistries: ['docker.io', '*.corp.example'],
  failureThreshold: 'warning',
  noFail: false,
  format: 'sarif',
}

const report: Report = lintSync('FROM ubuntu\n', options)
const failed: boolean = report.failed
const sarif: string | undefined = report.output
const first: Diagnostic | undefined = report.diagnostics[0]
if (first) {
  const severity: Severity = first.severity
  const category: Category = first.category
  const columns: [number, number] = [first.column, first.columnUtf16]
  const replacements: string[] = first.fix?.edits.map((e) => e.replacement) ?? []
  console.log(severity, category, columns, replacements, failed, sarif)
}

async function ci(): Promise<number> {
  const fromText: Report = await lint('FROM ubuntu\n')
  const fromFile: Report = await lintFile('Dockerfile', { failureThreshold: 'error' })
  const sync: Report = lintFileSync('Dockerfile', null)
  return [fromText, fromFile, sync].some((r) => r.failed) ? 1 : 0
}

const all: Rule[] = rules()
const defaults: string[] = all.filter((r) => r.defaultEnabled).map((r) => `${r.code} ${r.summary}`)
const page: string = explain('DL3008')
const status: number = runCli(['lint', '--format', 'json', 'Dockerfile'])
void ci()
console.log(defaults, page, status)

// Misuse the types reject:
// @ts-expect-error the text must be a string
lintSync(3)
// @ts-expect-error no such format
lintSync('FROM ubuntu\n', { format: 'xml' })
// @ts-expect-error no such severity level
lintSync('FROM ubuntu\n', { severity: { DL3006: 'fatal' } })
// @ts-expect-error unknown option
lintSync('FROM ubuntu\n', { failThreshold: 'error' })
// @ts-expect-error lintFile takes the path as its argument, not as an option
lintFileSync('Dockerfile', { path: 'other/Dockerfile' })
// @ts-expect-error lint returns a promise, not a report
const notAwaited: Report = lint('FROM ubuntu\n')
// @ts-expect-error severities are a closed set
const loud: Severity = 'loud'
// @ts-expect-error runCli takes an array of arguments
runCli('lint')
console.log(notAwaited, loud)
