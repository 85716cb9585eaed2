/**
 * Who can read a key's store, decided by the evaluator on each declared user and role: the
 * identity External Secrets Operator must authenticate as to project the key. A store's resource
 * policy is weighed too, since its `readers` deny everyone else.
 * https://external-secrets.io/latest/provider/aws-secrets-manager/#iam-policy
 */
import {
  STORE_READ_ACTION,
  type ResolvedEnvironment,
  type ResolvedIdentity,
  type ResolvedStore,
} from '../model/resolved.ts'
import { authorize } from '../policy/eval/authorize.ts'
import { parsePolicy } from '../policy/eval/policy.ts'
import { principalPolicies } from './principal-policies.ts'

/**
 * The users and roles whose policies allow reading the store, in manifest order. A grant that
 * holds only under some condition counts: ESO's requests may well meet it.
 */
export function storeReaders(env: ResolvedEnvironment, store: ResolvedStore): ResolvedIdentity[] {
  return env.identities.filter(
    (identity) => identity.type !== 'group' && canRead(env, identity, store),
  )
}

export function canRead(
  env: ResolvedEnvironment,
  identity: ResolvedIdentity,
  store: ResolvedStore,
): boolean {
  const set = principalPolicies(env, identity).set
  const resource =
    store.type === 'secretsmanager' && store.resourcePolicy !== undefined
      ? parsePolicy(store.resourcePolicy, `secret/${store.name}`, 'resource')
      : undefined
  const result = authorize({
    principal: identity.arn,
    action: STORE_READ_ACTION[store.type],
    // A Secrets Manager ARN ends in a random suffix the manifest writes as `??????`.
    resource: store.arn.replace(/\?+$/, 'AbCdEf'),
    policies: resource?.kind === 'ok' ? { ...set, resource: resource.policy } : set,
    mode: 'unknown',
  })
  return result.decision === 'Allowed' || result.decision === 'AllowedIf'
}
