/**
 * `keyward import terraform DIR`: the manifest for the IAM identities a Terraform configuration
 * declares (every entry `adopt: true`), what is wrong in the Terraform (secrets in state), the
 * same proofs `check` makes, and the `terraform state rm` list that hands ownership over.
 * Offline: nothing is read from AWS, and Terraform's state is never opened.
 */
import { existsSync } from 'node:fs'
import { UsageError } from '../../errors.ts'
import { loadManifest } from '../../manifest/load.ts'
import { runCheck } from '../../analyze/check.ts'
import { formatImport, importJson } from '../../report/import-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { parseCommandArgs } from '../args.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { writeOutput } from '../manifest-files.ts'
import { importDirectory, type ImportFlags } from '../terraform-import.ts'
import { failOnOf, findingsExit } from '../fail-on.ts'

export async function importCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, {
    out: { type: 'string', short: 'o' },
    env: { type: 'string', short: 'e', multiple: true },
    var: { type: 'string', multiple: true },
    known: { type: 'string', multiple: true },
    link: { type: 'string', multiple: true },
    account: { type: 'string', multiple: true },
    region: { type: 'string' },
    project: { type: 'string' },
    tofu: { type: 'boolean' },
    json: { type: 'boolean' },
    force: { type: 'boolean' },
    partial: { type: 'boolean' },
    'fail-on': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true && COMMANDS['import']) {
    io.stdout(commandHelp(COMMANDS['import']))
    return EXIT.ok
  }
  const [source, dir, ...extra] = positionals
  if (source !== 'terraform')
    throw new UsageError(
      'usage',
      source === undefined ? 'import needs a source.' : `Cannot import from "${source}".`,
      'Run `keyward import terraform DIR`.',
    )
  if (dir === undefined || extra.length > 0)
    throw new UsageError(
      'usage',
      'import terraform takes one directory.',
      'Run `keyward import terraform DIR`.',
    )
  const failOn = failOnOf(values['fail-on'], 'none')
  if (
    values.out !== undefined &&
    values.out !== '-' &&
    existsSync(values.out) &&
    values.force !== true
  )
    throw new UsageError(
      'file-unwritable',
      `${values.out} already exists; import does not overwrite a manifest.`,
      'Choose another file, or pass --force to replace it.',
    )
  const flags: ImportFlags = {
    env: values.env ?? [],
    var: values.var ?? [],
    known: values.known ?? [],
    link: values.link ?? [],
    account: values.account ?? [],
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.project === undefined ? {} : { project: values.project }),
  }
  const manifestFile = values.out === undefined || values.out === '-' ? 'keyward.yaml' : values.out
  const imported = await importDirectory(dir, flags)
  const loaded = await loadManifest({ file: manifestFile, text: imported.text })
  const check =
    loaded.kind === 'valid'
      ? await runCheck({
          file: manifestFile,
          project: loaded.manifest.spec.project,
          environments: [...loaded.manifest.environments.values()],
          findings: imported.findings,
        })
      : undefined
  const toStdout = values.out === undefined || values.out === '-'
  const incomplete =
    imported.result.problems.some((p) => p.severity === 'error') || loaded.kind === 'invalid'
  // An incomplete manifest would apply without what could not be read (a policy, a name):
  // it is written only when asked for, to be finished by hand.
  const write = !incomplete || values.partial === true
  if (write && !toStdout && values.out !== undefined)
    await writeOutput(io, values.out, imported.text)
  const report = {
    dir,
    file: !write ? null : toStdout ? undefined : manifestFile,
    result: imported.result,
    findings: check?.findings ?? imported.findings,
    check,
    diagnostics: loaded.diagnostics,
    tool: values.tofu === true ? ('tofu' as const) : ('terraform' as const),
  }
  const say = toStdout ? io.stderr : io.stdout
  if (write && toStdout) io.stdout(imported.text)
  if (values.json === true) say(`${JSON.stringify(importJson(report), null, 2)}\n`)
  else say(formatImport(report, io.color ? COLOR : PLAIN))
  if (incomplete) return EXIT.user
  return findingsExit(report.findings, failOn)
}
