/** The identities of an environment whose keys rotate, as the rotation driver needs them. */
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { RotationTarget } from './rotate.ts'

export function rotationTargets(env: ResolvedEnvironment): RotationTarget[] {
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
  return targets
}
