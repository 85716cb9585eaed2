/**
 * One ExternalSecret per consumer: ESO reads the store's current value every refresh and writes
 * the Kubernetes Secret. A JSON key is exploded into one Secret key per field, or mapped field by
 * field when the consumer lists `keys`; a one-string key lands under `value`.
 * https://external-secrets.io/latest/api/externalsecret/
 */
import type { KubernetesConsumer, ResolvedEnvironment, ResolvedUser } from '../model/resolved.ts'
import { goDuration } from './go-duration.ts'
import { ESO_API, keywardLabels, type KubeObject } from './objects.ts'
import type { StoreRef } from './secret-stores.ts'

/** The stage keyward's store write promotes: never a version still being verified. */
const CURRENT = 'AWSCURRENT'

export function externalSecret(
  env: ResolvedEnvironment,
  owner: ResolvedUser & { readonly key: NonNullable<ResolvedUser['key']> },
  consumer: KubernetesConsumer,
  ref: StoreRef,
  bootstrap: boolean,
): KubeObject {
  const store = owner.key.store
  // SSM has no stages: keyward writes each key as the parameter's newest version.
  const version = store.type === 'secretsmanager' ? { version: CURRENT } : {}
  const remote = { key: store.name, ...version }
  const format = owner.key.format
  const body =
    format.kind === 'text'
      ? { data: [{ secretKey: 'value', remoteRef: remote }] }
      : consumer.keys === undefined
        ? { dataFrom: [{ extract: remote }] }
        : {
            data: Object.entries(consumer.keys).map(([secretKey, property]) => ({
              secretKey,
              remoteRef: { ...remote, property },
            })),
          }
  return {
    apiVersion: ESO_API,
    kind: 'ExternalSecret',
    metadata: {
      name: consumer.secret,
      namespace: consumer.namespace,
      labels: keywardLabels(env.project, env.environment.name, owner.id),
    },
    spec: {
      refreshInterval: goDuration(consumer.refreshSeconds),
      secretStoreRef: { name: ref.name, kind: ref.kind },
      // A reader's own Secret is written first by `keyward bootstrap k8s`: ESO only keeps it
      // current, and deleting the ExternalSecret must not take ESO's credentials with it.
      target: bootstrap
        ? { name: consumer.secret, creationPolicy: 'Merge', deletionPolicy: 'Retain' }
        : { name: consumer.secret, creationPolicy: 'Owner' },
      ...body,
    },
  }
}
