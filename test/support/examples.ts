import { readFileSync } from 'node:fs'
import { loadManifest, type Manifest } from '../../src/manifest/load.ts'
import type { ResolvedEnvironment, ResolvedIdentity } from '../../src/model/resolved.ts'

const cache = new Map<string, Promise<Manifest>>()

/** Loads an example, failing loudly if it does not validate cleanly. */
export function example(name: string): Promise<Manifest> {
  const cached = cache.get(name)
  if (cached !== undefined) return cached
  const file = `examples/${name}.yaml`
  const loaded = loadManifest({ file, text: readFileSync(file, 'utf8') }).then((result) => {
    if (result.kind !== 'valid' || result.diagnostics.length > 0) {
      throw new Error(`${file} is not clean: ${JSON.stringify(result.diagnostics, null, 2)}`)
    }
    return result.manifest
  })
  cache.set(name, loaded)
  return loaded
}

export function environment(manifest: Manifest, name: string): ResolvedEnvironment {
  const env = manifest.environments.get(name)
  if (env === undefined) throw new Error(`no environment ${name}`)
  return env
}

export function identity<T extends ResolvedIdentity['type']>(
  env: ResolvedEnvironment,
  id: string,
  type: T,
): Extract<ResolvedIdentity, { type: T }> {
  const found = env.identities.find((i) => i.id === id)
  if (found?.type !== type) throw new Error(`no ${type} ${id}`)
  return found as Extract<ResolvedIdentity, { type: T }>
}

/**
 * IAM treats `"Action": "x"` and `["x"]` alike, and the order of values as irrelevant; the
 * seeds write both forms. Normalising to sorted lists compares what IAM compares.
 */
export function normalizePolicy(document: unknown): unknown {
  if (Array.isArray(document)) return document.map(normalizePolicy)
  if (document === null || typeof document !== 'object') return document
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(document)) {
    const listy = ['Action', 'NotAction', 'Resource', 'NotResource', 'AWS', 'Service', 'Federated']
    if (listy.includes(key))
      out[key] = (Array.isArray(value) ? [...(value as string[])] : [value]).sort()
    else if (key === 'Condition')
      out[key] = normalizeCondition(value as Record<string, Record<string, unknown>>)
    else out[key] = normalizePolicy(value)
  }
  return out
}

function normalizeCondition(block: Record<string, Record<string, unknown>>): unknown {
  return Object.fromEntries(
    Object.entries(block).map(([operator, keys]) => [
      operator,
      Object.fromEntries(
        Object.entries(keys).map(([k, v]) => [
          k,
          (Array.isArray(v) ? [...(v as string[])] : [v]).sort(),
        ]),
      ),
    ]),
  )
}
