/**
 * `keyward advise`: which users could become federated roles, with the manifest entry that
 * replaces each and what the change removes. Offline.
 */
import { advise } from '../../manifest/advise.ts'
import { UsageError } from '../../errors.ts'
import { formatAdvice } from '../../report/advise-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { chooseEnvironments } from '../environments.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { renderEnvironment } from '../kubernetes.ts'
import { DEFAULT_MANIFEST, loadValidManifest } from '../manifest-files.ts'

export async function adviseCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('advise', args, {
    env: { type: 'string', short: 'e', multiple: true },
    issuer: { type: 'string' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true && COMMANDS['advise']) {
    io.stdout(commandHelp(COMMANDS['advise']))
    return EXIT.ok
  }
  const format = outputFormat(values.output, ['text', 'json'])
  if (positionals.length > 1)
    throw new UsageError('usage', `advise takes one manifest, got ${positionals.length}.`)
  if (values.issuer !== undefined && !values.issuer.startsWith('https://')) {
    throw new UsageError(
      'usage',
      `--issuer "${values.issuer}" is not an https:// URL.`,
      'Pass the cluster’s OIDC issuer, e.g. https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE.',
    )
  }
  const { source, manifest } = await loadValidManifest(
    io,
    positionals[0] ?? DEFAULT_MANIFEST,
    'advised on',
  )
  const wanted = values.env ?? []
  const environments = (
    wanted.length === 0
      ? [...manifest.environments.values()]
      : chooseEnvironments(manifest, wanted, false)
  ).map((env) => ({ env, reads: renderEnvironment(env).reads }))
  const advice = advise({
    spec: manifest.spec,
    environments,
    ...(values.issuer === undefined ? {} : { issuer: values.issuer }),
  })
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify({ version: 'keyward.advise/v1', file: source.file, advice }, null, 2)}\n`,
    )
  } else io.stdout(formatAdvice(source.file, advice, io.color ? COLOR : PLAIN))
  return EXIT.ok
}
