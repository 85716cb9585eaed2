/**
 * `keyward status`: every key of an environment's users — age, last use, part in a rotation —
 * with the rotation's next step and date, drift from the manifest, and at account scope every
 * other user's keys; audited against CIS AWS Foundations' access-key controls. Reads only.
 */
import type { Severity } from '../../analyze/check-result.ts'
import { runCheck } from '../../analyze/check.ts'
import { STATUS_FORMAT, type StatusResult } from '../../analyze/status-result.ts'
import { readLimits } from '../../aws/rate-limit.ts'
import { checkToHtml } from '../../report/check-html.ts'
import { formatStatus } from '../../report/status-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { parallelAccounts, eachEnvironment } from '../accounts.ts'
import { clockFrom } from '../clock.ts'
import { chooseEnvironments } from '../environments.ts'
import { environmentOutputs, worstExit } from '../environment-output.ts'
import { EXIT, reportError } from '../exit.ts'
import { failOnOf, findingsExit } from '../fail-on.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, loadValidManifest, writeOutput } from '../manifest-files.ts'
import { readEnvironmentStatus } from '../status-read.ts'
import { version } from '../version.ts'

/** status is a view: it fails a CI job only when asked to. */
const DEFAULT_FAIL_ON: Severity | 'none' = 'none'

export async function statusCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, {
    env: { type: 'string', short: 'e', multiple: true },
    'all-envs': { type: 'boolean' },
    account: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    html: { type: 'string' },
    clock: { type: 'string' },
    'parallel-accounts': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['status']) {
    io.stdout(commandHelp(COMMANDS['status']))
    return EXIT.ok
  }
  const json = outputFormat(values.output, ['text', 'json']) === 'json'
  const failOn = failOnOf(values['fail-on'], DEFAULT_FAIL_ON)
  const now = clockFrom(values.clock, io.env['KEYWARD_CLOCK'], new Date())
  const [file = DEFAULT_MANIFEST, ...ids] = positionals
  const { source, manifest } = await loadValidManifest(io, file, 'read')
  const environments = chooseEnvironments(manifest, values.env ?? [], values['all-envs'] === true)
  const parallel = parallelAccounts(values['parallel-accounts'])
  const output = environmentOutputs(
    io,
    environments.map((e) => e.environment.name),
  )
  const runs = await eachEnvironment(
    values,
    io,
    environments,
    { rateLimits: readLimits(), parallel },
    (desired, session) =>
      readEnvironmentStatus(session, {
        source,
        desired,
        ids,
        now,
        account: values.account === true,
      }),
  )
  const statuses = []
  const failed = []
  const failures = []
  for (const run of runs) {
    if (run.kind === 'done') {
      statuses.push(run.value)
      continue
    }
    // An environment that could not be read is said where it happened; the others are reported.
    failures.push(reportError(run.error, output(run.env.environment.name).io))
    const message = run.error instanceof Error ? run.error.message : String(run.error)
    failed.push({ environment: run.env.environment.name, message })
  }
  const result: StatusResult = {
    format: STATUS_FORMAT,
    project: manifest.spec.project,
    file: source.file,
    at: now.toISOString(),
    environments: statuses,
    ...(failed.length === 0 ? {} : { failed }),
  }
  if (values.html !== undefined) {
    const check = await runCheck({
      file: source.file,
      project: manifest.spec.project,
      environments,
      all: [...manifest.environments.values()],
    })
    await writeOutput(
      io,
      values.html,
      checkToHtml(check, { version: await version(), status: result }),
    )
  }
  if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`)
  else io.stdout(formatStatus(result.project, statuses, now, io.color ? COLOR : PLAIN))
  if (values.html !== undefined)
    io.stderr(`HTML report written to ${values.html}: open it in a browser.\n`)
  const worst = worstExit(failures)
  if (worst !== EXIT.ok) return worst
  return findingsExit(
    statuses.flatMap((s) => s.findings),
    failOn,
  )
}
