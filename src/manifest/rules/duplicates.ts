import type { Site } from '../resolve/resolver.ts'
import { identitiesOf, nameSite, type Rule } from './context.ts'

/**
 * Two declarations that would create the same resource. IAM compares names without case
 * ("Admin" and "admin" collide); secret and parameter names are compared as written.
 */
export const checkDuplicates: Rule = (cx) => {
  const seen = new Map<string, string>()
  const claim = (key: string, owner: string, site: Site, what: string): void => {
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, owner)
      return
    }
    cx.report({
      code: 'duplicate-name',
      ...site,
      message: `${what} is already used by ${first}.`,
      hint: 'Each resource needs its own name in an account; change one of them.',
    })
  }
  for (const { identity, spec, base } of identitiesOf(cx)) {
    const owner = `identity \`${identity.id}\``
    claim(
      `${identity.type}:${identity.name.toLowerCase()}`,
      owner,
      nameSite(base, spec.name),
      `${cap(identity.type)} name "${identity.name}"`,
    )
    if (identity.type !== 'user') continue
    if (identity.key !== undefined) {
      const store = identity.key.store
      claim(
        `${store.type}:${store.name}`,
        owner,
        { path: [...base, 'key', 'store', 'name'] },
        `${store.type === 'ssm' ? 'Parameter' : 'Secret'} "${store.name}"`,
      )
    }
    identity.consumers.forEach((consumer, index) => {
      claim(
        `k8s:${consumer.namespace}/${consumer.secret}`,
        owner,
        { path: [...base, 'consumers', index, 'kubernetes', 'secret'] },
        `Kubernetes Secret ${consumer.namespace}/${consumer.secret}`,
      )
    })
  }
  for (const policy of cx.env.policies) {
    const spec = cx.spec.policies?.[policy.id]
    claim(
      `policy:${policy.name.toLowerCase()}`,
      `policy \`${policy.id}\``,
      nameSite(['policies', policy.id], spec?.name),
      `Managed policy name "${policy.name}"`,
    )
  }
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
