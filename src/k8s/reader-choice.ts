/**
 * Which identity ESO reads each consumer's store as: the one the consumer names, or the one
 * identity whose grants can read the store. Guessing between several would hand a key to an
 * identity nobody chose, so that is a problem to settle in the manifest.
 */
import {
  STORE_READ_ACTION,
  type KubernetesConsumer,
  type ResolvedEnvironment,
  type ResolvedIdentity,
  type ResolvedStore,
  type ResolvedUser,
} from '../model/resolved.ts'
import type { RenderProblem } from './problems.ts'

export type ReaderLookup = (store: ResolvedStore) => readonly ResolvedIdentity[]

export type ReaderChoice =
  | { readonly kind: 'reader'; readonly reader: ResolvedIdentity }
  | { readonly kind: 'none'; readonly problem: RenderProblem }

export function chooseReader(
  env: ResolvedEnvironment,
  owner: ResolvedUser,
  store: ResolvedStore,
  consumer: KubernetesConsumer,
  readersOf: ReaderLookup,
): ReaderChoice {
  const readers = readersOf(store)
  const action = STORE_READ_ACTION[store.type]
  const at = consumer.source
  if (consumer.reader !== undefined) {
    const named = env.identities.find((i) => i.id === consumer.reader)
    if (named !== undefined && readers.includes(named)) return { kind: 'reader', reader: named }
    return {
      kind: 'none',
      problem: {
        severity: 'error',
        message: `${consumer.reader} cannot read ${store.name}: no policy of it allows ${action} there.`,
        hint: `Grant ${consumer.reader} ${action} on \${identities.${owner.id}.key.store.arn}, or name another reader.`,
        at,
      },
    }
  }
  const [only, ...others] = readers
  if (only !== undefined && others.length === 0) return { kind: 'reader', reader: only }
  if (only === undefined) {
    return {
      kind: 'none',
      problem: {
        severity: 'error',
        message: `No user or role in this manifest can read ${store.name}, so External Secrets Operator has no identity to read it as.`,
        hint: `Add a role for ESO's service account (trust.oidc) allowed ${action} on \${identities.${owner.id}.key.store.arn}, and name it with \`reader:\`.`,
        at,
      },
    }
  }
  return {
    kind: 'none',
    problem: {
      severity: 'error',
      message: `${readers.map((r) => r.id).join(', ')} can all read ${store.name}; keyward will not pick one for ESO.`,
      hint: 'Name the identity ESO reads it as with `reader:`.',
      at,
    },
  }
}
