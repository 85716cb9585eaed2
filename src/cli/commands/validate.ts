import { loadManifest } from '../../manifest/load.ts'
import type { Diagnostic } from '../../model/diagnostic.ts'
import { formatDiagnostic, plural, summarize } from '../../report/diagnostics.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, readManifest } from '../manifest-files.ts'

interface FileResult {
  readonly file: string
  readonly valid: boolean
  readonly environments: readonly string[]
  readonly identities: number
  /** The IAM catalog version the IAM checks used; absent when validation stopped earlier. */
  readonly iamData?: string
  readonly diagnostics: readonly Diagnostic[]
}

export async function validateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', args, {
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true && COMMANDS['validate']) {
    io.stdout(commandHelp(COMMANDS['validate']))
    return 0
  }
  const format = outputFormat(values.output, ['text', 'json'])
  const files = positionals.length > 0 ? positionals : [DEFAULT_MANIFEST]
  const sources = await Promise.all(files.map((file) => readManifest(io, file)))
  const results: FileResult[] = []
  for (const source of sources) {
    const result = await loadManifest(source)
    results.push({
      file: source.file,
      valid: result.kind === 'valid',
      environments: result.kind === 'valid' ? [...result.manifest.environments.keys()] : [],
      identities: result.kind === 'valid' ? Object.keys(result.manifest.spec.identities).length : 0,
      ...(result.kind === 'valid' ? { iamData: result.manifest.catalogVersion } : {}),
      diagnostics: result.diagnostics,
    })
  }
  const valid = results.every((r) => r.valid)
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify({ format: 'keyward.validate/v1', valid, files: results }, null, 2)}\n`,
    )
    return valid ? 0 : 2
  }
  const style = io.color ? COLOR : PLAIN
  for (const [index, result] of results.entries()) {
    const text = sources[index]?.text
    for (const d of result.diagnostics) io.stdout(`${formatDiagnostic(d, text, style)}\n\n`)
    const { errors, warnings } = summarize(result.diagnostics)
    const notes = warnings > 0 ? ` with ${plural(warnings, 'warning')}` : ''
    io.stdout(
      result.valid
        ? `${style.green('✔')} ${result.file}: valid${notes} — ${plural(result.environments.length, 'environment')} (${result.environments.join(', ')}), ${plural(result.identities, 'identity', 'identities')}\n`
        : `${style.red('✖')} ${result.file}: ${plural(errors, 'error')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}\n`,
    )
  }
  return valid ? 0 : 2
}
