import { runCheck } from '../../analyze/check.ts'
import type { Severity } from '../../analyze/check-result.ts'
import { UsageError } from '../../errors.ts'
import { checkToHtml } from '../../report/check-html.ts'
import { checkToSarif } from '../../report/check-sarif.ts'
import { formatCheck } from '../../report/check-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS, type AwsFlags } from '../aws-flags.ts'
import type { LiveRequest } from '../live-account.ts'
import { chooseEnvironments } from '../environments.ts'
import { EXIT } from '../exit.ts'
import { failOnOf, findingsExit } from '../fail-on.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, loadValidManifest, writeOutput } from '../manifest-files.ts'
import { version } from '../version.ts'
import type { ResolvedEnvironment } from '../../model/resolved.ts'

const DEFAULT_FAIL_ON: Severity = 'critical'

export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, {
    env: { type: 'string', short: 'e', multiple: true },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    html: { type: 'string' },
    account: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['check']) {
    io.stdout(commandHelp(COMMANDS['check']))
    return EXIT.ok
  }
  const format = outputFormat(values.output, ['text', 'json', 'sarif'])
  const failOn = failOnOf(values['fail-on'], DEFAULT_FAIL_ON)
  if (positionals.length > 1)
    throw new UsageError('usage', `check takes one manifest, got ${positionals.length}.`)
  const { source, manifest } = await loadValidManifest(
    io,
    positionals[0] ?? DEFAULT_MANIFEST,
    'checked',
  )
  const all = [...manifest.environments.values()]
  const wanted = values.env ?? []
  const environments =
    values.account === true
      ? [await live(values, io, { command: 'check', manifest, wanted, scope: 'account' })]
      : wanted.length === 0
        ? all
        : chooseEnvironments(manifest, wanted, false)
  const result = await runCheck({
    file: source.file,
    project: manifest.spec.project,
    environments,
    all,
  })
  // Written before anything is printed, so a path that cannot be written stops the command clean.
  if (values.html !== undefined)
    await writeOutput(io, values.html, checkToHtml(result, { version: await version() }))
  if (format === 'text') io.stdout(formatCheck(result, io.color ? COLOR : PLAIN))
  else {
    const document = format === 'json' ? result : checkToSarif(result, { version: await version() })
    io.stdout(`${JSON.stringify(document, null, 2)}\n`)
  }
  // On stderr, after the report: stdout stays what -o asked for, ready to pipe.
  if (values.html !== undefined)
    io.stderr(`HTML report written to ${values.html}: open it in a browser.\n`)
  return findingsExit(result.findings, failOn)
}

/** The account's view, with the AWS SDK loaded only now. */
async function live(flags: AwsFlags, io: Io, request: LiveRequest): Promise<ResolvedEnvironment> {
  const { readLiveEnvironment } = await import('../live-account.ts')
  return (await readLiveEnvironment(flags, io, request)).live
}
