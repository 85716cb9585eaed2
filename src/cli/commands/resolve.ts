import { stringify } from 'yaml'
import { UsageError } from '../../errors.ts'
import { loadManifest } from '../../manifest/load.ts'
import { formatDiagnostic, plural, summarize } from '../../report/diagnostics.ts'
import { formatResolved, resolvedToJson } from '../../report/resolved.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { chooseEnvironments } from '../environments.ts'
import { DEFAULT_MANIFEST, readManifest } from '../manifest-files.ts'

export async function resolveCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('resolve', args, {
    env: { type: 'string', short: 'e', multiple: true },
    'all-envs': { type: 'boolean', short: 'A' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true && COMMANDS['resolve']) {
    io.stdout(commandHelp(COMMANDS['resolve']))
    return 0
  }
  const format = outputFormat(values.output, ['text', 'json', 'yaml'])
  if (positionals.length > 1) {
    throw new UsageError(
      'usage',
      `resolve takes one manifest, got ${positionals.length}.`,
      'Run it once per file.',
    )
  }
  const source = await readManifest(io, positionals[0] ?? DEFAULT_MANIFEST)
  const result = await loadManifest(source)
  const style = io.color ? COLOR : PLAIN
  for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d, source.text, style)}\n\n`)
  if (result.kind === 'invalid') {
    const { errors } = summarize(result.diagnostics)
    io.stderr(`${style.red('✖')} ${source.file}: ${plural(errors, 'error')}; nothing resolved.\n`)
    return 2
  }
  const manifest = result.manifest
  const chosen = chooseEnvironments(manifest, values.env ?? [], values['all-envs'] === true)
  const meta = { catalogVersion: manifest.catalogVersion }
  if (format === 'text') {
    io.stdout(chosen.map((env) => formatResolved(env, meta, style)).join('\n'))
    return 0
  }
  const documents = chosen.map((env) => resolvedToJson(env, meta))
  if (format === 'json') {
    const value = documents.length === 1 ? documents[0] : documents
    io.stdout(`${JSON.stringify(value, null, 2)}\n`)
  } else {
    io.stdout(documents.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'))
  }
  return 0
}
