/**
 * `keyward bootstrap k8s`: the first credentials of a user External Secrets Operator signs in
 * as. ESO cannot fetch its own first key, so this reads it from the store once and hands it over
 * as a Secret, to a 0600 file or to `kubectl apply -f -`; from then on ESO refreshes the Secret
 * itself from the store, through every rotation.
 */
import { readStoredValue } from '../../aws/stored-key.ts'
import { KeywardError, UsageError } from '../../errors.ts'
import { bootstrapSecret } from '../../k8s/bootstrap-secret.ts'
import type { KubeObject } from '../../k8s/objects.ts'
import type { BootstrapSecret } from '../../k8s/render.ts'
import type { ResolvedEnvironment, ResolvedUser } from '../../model/resolved.ts'
import { kubernetesYaml } from '../../report/k8s-yaml.ts'
import { parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { connect } from '../aws.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { renderEnvironment } from '../kubernetes.ts'
import { DEFAULT_MANIFEST } from '../manifest-files.ts'
import { loadEnvironment } from '../planning.ts'
import { pipeTo, writePrivateFile } from '../private-output.ts'

export async function bootstrapCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('bootstrap', args, {
    env: { type: 'string', short: 'e' },
    file: { type: 'string', short: 'f' },
    force: { type: 'boolean' },
    kubectl: { type: 'boolean' },
    context: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['bootstrap']) {
    io.stdout(commandHelp(COMMANDS['bootstrap']))
    return EXIT.ok
  }
  const [target, file = DEFAULT_MANIFEST, ...ids] = positionals
  if (target !== 'k8s') {
    throw new UsageError(
      'usage',
      target === undefined ? 'bootstrap needs a target.' : `Unknown bootstrap target "${target}".`,
      'Run `keyward bootstrap k8s FILE --env ENV --file PATH`.',
    )
  }
  if ((values.file === undefined) === (values.kubectl !== true)) {
    throw new UsageError(
      'usage',
      'bootstrap needs exactly one of --file PATH and --kubectl.',
      'keyward never prints a key: write the Secret to a file only you can read (--file), or stream it to `kubectl apply -f -` (--kubectl).',
    )
  }
  if (values.context !== undefined && values.kubectl !== true)
    throw new UsageError('usage', '--context is for --kubectl.')
  const { desired } = await loadEnvironment(io, file, values.env, 'bootstrapped')
  const wanted = chosen(desired, ids)
  const session = await connect(values, io, desired.environment)
  const objects: KubeObject[] = []
  const described: string[] = []
  for (const bootstrap of wanted) {
    const user = desired.identities.find((i) => i.id === bootstrap.identity) as ResolvedUser
    const store = user.key?.store
    if (store === undefined) continue
    const stored = await readStoredValue(session, store)
    if (stored === undefined) {
      throw new UsageError(
        'bootstrap-failed',
        `${bootstrap.identity}'s key is not in its store ${store.name} yet.`,
        `Run \`keyward apply ${file} --env ${desired.environment.name}\` first.`,
      )
    }
    const built = bootstrapSecret(desired, bootstrap, stored)
    if (built.kind === 'unreadable') {
      throw new KeywardError(
        'bootstrap-failed',
        `The store ${store.name} does not hold ${bootstrap.identity}'s key as its format says: ${built.reason}.`,
        {
          source: 'user',
          hint: `Mint it again: \`keyward rotate ${file} --env ${desired.environment.name} ${bootstrap.identity} --now\`.`,
        },
      )
    }
    objects.push(built.object)
    described.push(
      `Secret ${bootstrap.namespace}/${bootstrap.secret}: ${bootstrap.identity}'s key …${built.keyId.slice(-4)}`,
    )
  }
  const text = kubernetesYaml(objects, [
    `Written by keyward bootstrap from ${file}, environment ${desired.environment.name}.`,
    'It holds access keys: apply it, then delete this file. ESO keeps the Secret current.',
  ])
  if (values.file !== undefined) {
    await writePrivateFile(values.file, text, values.force === true)
    io.stdout(
      `${described.map((d) => `${d}\n`).join('')}Wrote ${objects.length === 1 ? 'it' : 'them'} to ${values.file} (mode 0600). Apply with \`kubectl apply -f ${values.file}\`, then delete the file.\n`,
    )
    return EXIT.ok
  }
  const context = values.context === undefined ? [] : ['--context', values.context]
  const result = await pipeTo('kubectl', ['apply', '-f', '-', ...context], text, io.env)
  // kubectl does not echo what it applies, but a value must not slip through even if it did.
  const clean = (s: string) => objects.reduce((t, o) => redact(t, o), s)
  io.stdout(clean(result.stdout))
  io.stderr(clean(result.stderr))
  if (result.status !== 0) {
    throw new KeywardError(
      'bootstrap-failed',
      `kubectl apply exited with status ${result.status}.`,
      {
        source: 'user',
        hint: 'Check the cluster context (--context) and your permissions on Secrets in that namespace.',
      },
    )
  }
  io.stdout(`${described.map((d) => `${d}\n`).join('')}Applied with kubectl.\n`)
  return EXIT.ok
}

/** The bootstraps asked for: all of the environment's, or those of the identities named. */
function chosen(env: ResolvedEnvironment, ids: readonly string[]): readonly BootstrapSecret[] {
  const rendered = renderEnvironment(env)
  const all = rendered.bootstraps
  if (all.length === 0) {
    throw new UsageError(
      'usage',
      `Nothing to bootstrap in ${env.environment.name}: ESO signs in as no user there.`,
      'ESO needs a first key only when a consumer’s reader is a user; a role (trust.oidc) needs none.',
    )
  }
  const unknown = ids.filter((id) => !all.some((b) => b.identity === id))
  if (unknown.length > 0) {
    throw new UsageError(
      'usage',
      `${unknown.join(', ')}: not a user ESO signs in as.`,
      `Bootstrap one of: ${[...new Set(all.map((b) => b.identity))].join(', ')}.`,
    )
  }
  return ids.length === 0 ? all : all.filter((b) => ids.includes(b.identity))
}

function redact(text: string, o: KubeObject): string {
  const data = (o['stringData'] ?? {}) as Record<string, string>
  return Object.values(data)
    .filter((v) => v.length >= 8)
    .reduce((t, v) => t.split(v).join('[redacted]'), text)
}
