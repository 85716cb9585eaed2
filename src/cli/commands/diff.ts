import { actionTableFor } from '../../analyze/check.ts'
import { diffManifests, type DiffInput } from '../../analyze/diff.ts'
import { UsageError } from '../../errors.ts'
import type { Manifest } from '../../manifest/load.ts'
import { formatDiff } from '../../report/diff-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS, type AwsFlags } from '../aws-flags.ts'
import { chooseEnvironments } from '../environments.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, loadValidManifest } from '../manifest-files.ts'
import { EXIT_FINDINGS } from '../fail-on.ts'

export async function diffCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', args, {
    env: { type: 'string', short: 'e', multiple: true },
    output: { type: 'string', short: 'o' },
    'fail-on-broadening': { type: 'boolean' },
    account: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['diff']) {
    io.stdout(commandHelp(COMMANDS['diff']))
    return EXIT.ok
  }
  const format = outputFormat(values.output, ['text', 'json'])
  const compared =
    values.account === true
      ? await againstAccount(io, values, positionals)
      : await twoManifests(io, values.env ?? [], positionals)
  const table = await actionTableFor([
    ...compared.before.environments,
    ...compared.after.environments,
  ])
  const result = diffManifests({ ...compared, table })
  io.stdout(
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : formatDiff(result, io.color ? COLOR : PLAIN),
  )
  const broadened = result.environments.some((e) => e.identities.some((i) => i.allowed.length > 0))
  return values['fail-on-broadening'] === true && broadened ? EXIT_FINDINGS : EXIT.ok
}

type Compared = Omit<DiffInput, 'table'>

/** The live account as OLD, the manifest as NEW: what applying it would allow and take away. */
async function againstAccount(
  io: Io,
  values: AwsFlags & { readonly env?: readonly string[] | undefined },
  positionals: readonly string[],
): Promise<Compared> {
  if (positionals.length > 1)
    throw new UsageError(
      'usage',
      `diff --account compares one manifest with its account, got ${positionals.length} files.`,
      'Example: keyward diff keyward.yaml --account --env prod',
    )
  const { source, manifest } = await loadValidManifest(
    io,
    positionals[0] ?? DEFAULT_MANIFEST,
    'compared',
  )
  const { readLiveEnvironment } = await import('../live-account.ts')
  const { declared, live } = await readLiveEnvironment(values, io, {
    command: 'diff',
    manifest,
    wanted: values.env ?? [],
    scope: 'managed',
  })
  const account = `account ${declared.environment.account} (${declared.environment.name})`
  return {
    before: { file: account, environments: [live] },
    after: { file: source.file, environments: [declared] },
  }
}

async function twoManifests(
  io: Io,
  wanted: readonly string[],
  positionals: readonly string[],
): Promise<Compared> {
  const [oldFile, newFile, ...extra] = positionals
  if (oldFile === undefined || newFile === undefined || extra.length > 0) {
    throw new UsageError(
      'usage',
      `diff takes two manifests, got ${positionals.length}.`,
      'Example: keyward diff keyward.yaml keyward.next.yaml --env prod, or against the account: keyward diff keyward.yaml --account --env prod',
    )
  }
  const before = await loadValidManifest(io, oldFile, 'compared')
  const after = await loadValidManifest(io, newFile, 'compared')
  const missing = wanted.filter(
    (w) => !before.manifest.environments.has(w) && !after.manifest.environments.has(w),
  )
  // Neither declares it: the same error, with suggestions, as any other command gives.
  if (missing.length > 0) chooseEnvironments(after.manifest, missing, false)
  const pick = (m: Manifest) =>
    wanted.length === 0
      ? [...m.environments.values()]
      : wanted.flatMap((w) => m.environments.get(w) ?? [])
  return {
    before: { file: before.source.file, environments: pick(before.manifest) },
    after: { file: after.source.file, environments: pick(after.manifest) },
  }
}
