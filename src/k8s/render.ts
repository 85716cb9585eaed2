/**
 * The Kubernetes side of one environment: ServiceAccounts for the roles pods assume, the
 * SecretStores ESO authenticates through, an ExternalSecret per consumer, and the Reloader
 * annotations that restart consumers when their key changes. Pure: the caller says who can read
 * each store (the evaluator's answer), and writes the objects wherever it likes.
 */
import type { ConsumerRead } from '../model/consumer-read.ts'
import {
  STORE_READ_ACTION,
  type KubernetesConsumer,
  type ResolvedEnvironment,
  type ResolvedUser,
} from '../model/resolved.ts'
import { externalSecret } from './external-secret.ts'
import { keyFields, type KeyFields } from './key-fields.ts'
import type { KubeObject } from './objects.ts'
import type { RenderProblem } from './problems.ts'
import { chooseReader, type ReaderLookup } from './reader-choice.ts'
import { restartAnnotations } from './restarts.ts'
import { SecretStores } from './secret-stores.ts'
import { serviceAccounts } from './service-accounts.ts'

/** A Secret holding a reader's own key, which ESO needs before it can read anything. */
export interface BootstrapSecret {
  /** Logical id of the user whose key it holds. */
  readonly identity: string
  readonly namespace: string
  readonly secret: string
  readonly fields: KeyFields
}

export interface KubernetesRender {
  /** ServiceAccounts, then secret stores, then ExternalSecrets: the order to apply them in. */
  readonly objects: readonly KubeObject[]
  /** Partial workloads carrying Reloader annotations, for server-side apply. */
  readonly restarts: readonly KubeObject[]
  readonly bootstraps: readonly BootstrapSecret[]
  readonly reads: readonly ConsumerRead[]
  readonly problems: readonly RenderProblem[]
}

type KeyedUser = ResolvedUser & { readonly key: NonNullable<ResolvedUser['key']> }

interface Placed {
  readonly owner: KeyedUser
  readonly consumer: KubernetesConsumer
  readonly reader?: ResolvedEnvironment['identities'][number]
  readonly problem?: RenderProblem
}

export function renderKubernetes(
  env: ResolvedEnvironment,
  readersOf: ReaderLookup,
): KubernetesRender {
  const accounts = serviceAccounts(env)
  const problems: RenderProblem[] = [...accounts.problems]
  const placed: Placed[] = []
  for (const owner of env.identities) {
    if (owner.type !== 'user' || owner.key === undefined) continue
    const keyed = owner as KeyedUser
    for (const consumer of owner.consumers) {
      const choice = chooseReader(env, keyed, keyed.key.store, consumer, readersOf)
      placed.push(
        choice.kind === 'reader'
          ? { owner: keyed, consumer, reader: choice.reader }
          : { owner: keyed, consumer, problem: choice.problem },
      )
    }
  }
  // A user ESO signs in as keeps its key in a Secret that must exist before ESO can read anything.
  const signers = new Set(placed.flatMap((p) => (p.reader?.type === 'user' ? [p.reader.id] : [])))
  const stores = new SecretStores(env)
  const externalSecrets: KubeObject[] = []
  const bootstraps: BootstrapSecret[] = []
  for (const { owner, consumer, reader, problem } of placed) {
    const bootstrap = signers.has(owner.id)
    const fields = keyFields(owner.key.format)
    if (bootstrap && fields !== undefined) {
      bootstraps.push({
        identity: owner.id,
        namespace: consumer.namespace,
        secret: consumer.secret,
        fields,
      })
    }
    if (reader === undefined) {
      // Its own key that nobody can read is still usable; other problems stay errors.
      const selfUnreadable = bootstrap && readersOf(owner.key.store).length === 0
      if (problem !== undefined)
        problems.push(selfUnreadable ? unfollowed(owner, consumer) : problem)
      continue
    }
    const found = stores.refFor(reader, owner.key.store, consumer.namespace)
    if ('problem' in found) {
      problems.push({ ...found.problem, at: consumer.source })
      continue
    }
    externalSecrets.push(externalSecret(env, owner, consumer, found.ref, bootstrap))
  }
  return {
    objects: [...accounts.objects, ...stores.objects(), ...externalSecrets],
    restarts: restartAnnotations(env),
    bootstraps,
    reads: placed.flatMap(({ owner, consumer, reader }) =>
      reader === undefined
        ? []
        : [
            {
              owner: owner.id,
              namespace: consumer.namespace,
              secret: consumer.secret,
              reader: reader.id,
            },
          ],
    ),
    problems,
  }
}

/** A reader's own Secret nobody can refresh: it works, but each rotation needs a new bootstrap. */
function unfollowed(owner: KeyedUser, consumer: KubernetesConsumer): RenderProblem {
  const action = STORE_READ_ACTION[owner.key.store.type]
  return {
    severity: 'warning',
    message: `${consumer.namespace}/${consumer.secret} holds ${owner.id}'s own key, which ${owner.id} cannot read: it will not follow a rotation, and ESO stops when the old key is deactivated unless \`keyward bootstrap k8s\` runs again.`,
    hint: `Allow ${owner.id} ${action} on \${identities.${owner.id}.key.store.arn}: ESO then keeps the Secret current with the key it holds.`,
    at: consumer.source,
  }
}
