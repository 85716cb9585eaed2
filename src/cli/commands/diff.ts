import { actionTableFor } from '../../analyze/check.ts'
import { diffManifests } from '../../analyze/diff.ts'
import { UsageError } from '../../errors.ts'
import type { Manifest } from '../../manifest/load.ts'
import { formatDiff } from '../../report/diff-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { chooseEnvironments } from '../environments.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { loadValidManifest } from '../manifest-files.ts'
import { EXIT_FINDINGS } from './check.ts'

export async function diffCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', args, {
    env: { type: 'string', short: 'e', multiple: true },
    output: { type: 'string', short: 'o' },
    'fail-on-broadening': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true && COMMANDS['diff']) {
    io.stdout(commandHelp(COMMANDS['diff']))
    return EXIT.ok
  }
  const format = outputFormat(values.output, ['text', 'json'])
  const [oldFile, newFile, ...extra] = positionals
  if (oldFile === undefined || newFile === undefined || extra.length > 0) {
    throw new UsageError(
      'usage',
      `diff takes two manifests, got ${positionals.length}.`,
      'Example: keyward diff keyward.yaml keyward.next.yaml --env prod',
    )
  }
  const before = await loadValidManifest(io, oldFile, 'compared')
  const after = await loadValidManifest(io, newFile, 'compared')
  const wanted = values.env ?? []
  const missing = wanted.filter(
    (w) => !before.manifest.environments.has(w) && !after.manifest.environments.has(w),
  )
  // Neither declares it: the same error, with suggestions, as any other command gives.
  if (missing.length > 0) chooseEnvironments(after.manifest, missing, false)
  const pick = (m: Manifest) =>
    wanted.length === 0
      ? [...m.environments.values()]
      : wanted.flatMap((w) => m.environments.get(w) ?? [])
  const old = { file: before.source.file, environments: pick(before.manifest) }
  const now = { file: after.source.file, environments: pick(after.manifest) }
  const table = await actionTableFor([...old.environments, ...now.environments])
  const result = diffManifests({ before: old, after: now, table })
  io.stdout(
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : formatDiff(result, io.color ? COLOR : PLAIN),
  )
  const broadened = result.environments.some((e) => e.identities.some((i) => i.allowed.length > 0))
  return values['fail-on-broadening'] === true && broadened ? EXIT_FINDINGS : EXIT.ok
}
