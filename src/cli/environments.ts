import { UsageError } from '../errors.ts'
import type { Manifest } from '../manifest/load.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { didYouMean } from '../model/suggest.ts'

/** The environments a command was asked for: all, the named ones, or the only one there is. */
export function chooseEnvironments(
  manifest: Manifest,
  wanted: readonly string[],
  all: boolean,
  single = false,
): ResolvedEnvironment[] {
  const names = [...manifest.environments.keys()]
  if (all) return [...manifest.environments.values()]
  if (wanted.length === 0) {
    const [only] = manifest.environments.values()
    if (names.length === 1 && only !== undefined) return [only]
    throw new UsageError(
      'unknown-environment',
      `${manifest.file} declares ${names.length} environments; choose one.`,
      `Pass ${names.map((n) => `\`--env ${n}\``).join(' or ')}${single ? '' : ', or `--all-envs`'}.`,
    )
  }
  return wanted.map((name) => {
    const env = manifest.environments.get(name)
    if (env !== undefined) return env
    throw new UsageError(
      'unknown-environment',
      `${manifest.file} has no environment \`${name}\`.`,
      didYouMean(name, names) ?? `Environments: ${names.join(', ')}.`,
    )
  })
}

/** Exactly one environment, for commands that act on an account. */
export function chooseEnvironment(
  manifest: Manifest,
  wanted: string | undefined,
): ResolvedEnvironment {
  const [env] = chooseEnvironments(manifest, wanted === undefined ? [] : [wanted], false, true)
  if (env === undefined) throw new UsageError('unknown-environment', 'No environment chosen.')
  return env
}
