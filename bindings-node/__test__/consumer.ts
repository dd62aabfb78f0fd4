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
  scanImage,
  scanImageSync,
  type Category,
  type Diagnostic,
  type LintOptions,
  type Report,
  type Rule,
  type ScanOptions,
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

// Images: the same reports, findings located in the image, notes.
const scanOptions: ScanOptions = {
  platform: 'linux/arm64/v8',
  maxUncompressedBytes: 8 * 1024 ** 3,
  verifyDiffIds: true,
  dockerfile: 'Dockerfile',
  config: 'ci/hullguard.toml',
  ignore: ['HG200'],
  severity: { HG302: 'error', HG207: 'off' },
  failureThreshold: 'error',
  format: 'sarif',
}
async function scan(): Promise<string[]> {
  const image: Report = await scanImage('image.tar', scanOptions)
  const sync: Report = scanImageSync('oci-layout-dir', null)
  const verified: Report = scanImageSync('image.tar', { verifyDiffIds: false })
  const where: string[] = image.diagnostics.map((d) => d.location ?? `${d.line}:${d.column}`)
  const notes: string[] = sync.notes
  return [...where, ...notes, ...verified.notes]
}
void scan()

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
// @ts-expect-error scanImage returns a promise, not a report
const notScanned: Report = scanImage('image.tar')
// @ts-expect-error the byte limit is a number, not a size string
scanImageSync('image.tar', { maxUncompressedBytes: '64G' })
// @ts-expect-error verifyDiffIds is a boolean, not a string
scanImageSync('image.tar', { verifyDiffIds: 'yes' })
// @ts-expect-error lint options do not verify images
lintSync('FROM ubuntu\n', { verifyDiffIds: true })
// @ts-expect-error the image's path is the first argument, not an option
scanImageSync('image.tar', { path: 'other.tar' })
// @ts-expect-error lint options do not include the image's platform
lintSync('FROM ubuntu\n', { platform: 'linux/amd64' })
// @ts-expect-error a location may be absent (Dockerfile findings)
const location: string = report.diagnostics[0]!.location
console.log(notAwaited, loud, notScanned, location)
