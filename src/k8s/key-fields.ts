import type { KeyFormat } from '../model/resolved.ts'

/** Where a key's format puts the id and the secret, each as a field of its own. */
export interface KeyFields {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

/**
 * ESO's `auth.secretRef` reads the key id and the secret from one Secret key each, so the format
 * must hold each alone in a field; a field like `id:${key.id}` cannot be used.
 */
export function keyFields(format: KeyFormat): KeyFields | undefined {
  if (format.kind !== 'json') return undefined
  const entries = Object.entries(format.fields)
  const accessKeyId = entries.find(([, template]) => template === '${key.id}')?.[0]
  const secretAccessKey = entries.find(([, template]) => template === '${key.secret}')?.[0]
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined
  return { accessKeyId, secretAccessKey }
}
