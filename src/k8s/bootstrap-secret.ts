/**
 * The Secret ESO signs in with, built from the reader's stored key. It is the one object keyward
 * renders that holds a secret, so it is built only in memory, on its way to a 0600 file or to
 * kubectl's standard input, and every field of the stored JSON goes in as ESO itself would write
 * it, so ESO's first refresh changes nothing.
 * https://kubernetes.io/docs/concepts/configuration/secret/
 */
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { Sensitive } from '../model/sensitive.ts'
import { keywardLabels, type KubeObject } from './objects.ts'
import type { BootstrapSecret } from './render.ts'

export type BootstrapBuild =
  | { readonly kind: 'secret'; readonly object: KubeObject; readonly keyId: string }
  | { readonly kind: 'unreadable'; readonly reason: string }

export function bootstrapSecret(
  env: ResolvedEnvironment,
  bootstrap: BootstrapSecret,
  stored: Sensitive,
): BootstrapBuild {
  let fields: unknown
  try {
    fields = JSON.parse(stored.reveal())
  } catch {
    return { kind: 'unreadable', reason: 'it does not hold JSON' }
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { kind: 'unreadable', reason: 'it does not hold a JSON object' }
  }
  const values = Object.entries(fields as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  )
  const data = Object.fromEntries(values)
  const keyId = data[bootstrap.fields.accessKeyId]
  if (keyId === undefined || data[bootstrap.fields.secretAccessKey] === undefined) {
    return {
      kind: 'unreadable',
      reason: `it lacks ${bootstrap.fields.accessKeyId} or ${bootstrap.fields.secretAccessKey}`,
    }
  }
  return {
    kind: 'secret',
    keyId,
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: bootstrap.secret,
        namespace: bootstrap.namespace,
        labels: keywardLabels(env.project, env.environment.name, bootstrap.identity),
      },
      type: 'Opaque',
      stringData: data,
    },
  }
}
