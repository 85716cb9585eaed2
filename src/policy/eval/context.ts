/**
 * The request context: condition keys and their values. Key names are case-insensitive, values
 * are not. In `strict` mode a key nobody supplied is absent, as AWS sees a real request. In
 * `unknown` mode it is unknown — the request could carry any value or none — which is what a
 * proof about every possible request needs.
 */

export type ContextMode = 'strict' | 'unknown'

export type Lookup =
  | { readonly kind: 'present'; readonly values: readonly string[] }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown' }

export type ContextValues = Readonly<Record<string, string | readonly string[]>>

export class RequestContext {
  readonly mode: ContextMode
  private readonly values: ReadonlyMap<string, readonly string[]>

  /** Later sources override earlier ones: pass derived keys first, the request's own last. */
  constructor(mode: ContextMode, ...sources: readonly ContextValues[]) {
    this.mode = mode
    const values = new Map<string, readonly string[]>()
    for (const source of sources) {
      for (const [key, value] of Object.entries(source)) {
        values.set(key.toLowerCase(), typeof value === 'string' ? [value] : value)
      }
    }
    this.values = values
  }

  lookup(key: string): Lookup {
    const values = this.values.get(key.toLowerCase())
    if (values !== undefined) return { kind: 'present', values }
    return this.mode === 'strict' ? { kind: 'absent' } : { kind: 'unknown' }
  }
}
