/** The identities of an environment whose keys rotate, as the rotation driver needs them. */
import { UsageError } from '../errors.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { didYouMean } from '../model/suggest.ts'
import type { RotationTarget } from './rotate.ts'

/** Only the identities `ids` names, when it names any; an id without a key is a usage error. */
export function rotationTargets(
  env: ResolvedEnvironment,
  ids: readonly string[] = [],
): RotationTarget[] {
  const targets: RotationTarget[] = []
  for (const identity of env.identities) {
    if (identity.type !== 'user' || identity.key === undefined) continue
    const refresh = identity.consumers.map((c) => c.refreshSeconds)
    targets.push({
      id: identity.id,
      user: identity.name,
      userArn: identity.arn,
      store: identity.key.store,
      format: identity.key.format,
      policy: identity.key.rotation,
      ...(refresh.length === 0 ? {} : { refreshSeconds: Math.max(...refresh) }),
    })
  }
  if (ids.length === 0) return targets
  const known = targets.map((t) => t.id)
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new UsageError(
        'usage',
        `\`${id}\` is not an identity with a key in this environment.`,
        didYouMean(id, known) ?? `Identities with keys: ${known.join(', ') || 'none'}.`,
      )
    }
  }
  return targets.filter((t) => ids.includes(t.id))
}
