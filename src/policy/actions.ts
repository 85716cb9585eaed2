/**
 * Resolving the `Action` strings of a statement against the catalog: exact names, wildcard
 * patterns (`s3:Get*`), and — when nothing matches — the closest real names.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { suggest } from '../model/suggest.ts'
import type { ActionInfo, Catalog } from './catalog.ts'
import { globToRegExp, hasWildcard } from './glob.ts'

export type ActionLookup =
  /** `*`: every action of every service. */
  | { readonly kind: 'all' }
  | { readonly kind: 'actions'; readonly actions: readonly ActionInfo[] }
  | { readonly kind: 'malformed' }
  | {
      readonly kind: 'unknown-service'
      readonly service: string
      readonly suggestions: readonly string[]
    }
  | { readonly kind: 'unknown-action'; readonly suggestions: readonly string[] }

const SHAPE = /^([A-Za-z0-9*?-]+):([A-Za-z0-9*?_-]+)$/

/** The service prefixes a list of actions needs loaded, for {@link loadCatalog}. */
export function servicePatternsOf(actions: Iterable<string>): Set<string> {
  const out = new Set<string>()
  for (const action of actions) {
    const match = SHAPE.exec(action)
    if (match?.[1] !== undefined) out.add(match[1].toLowerCase())
  }
  return out
}

export function lookupAction(catalog: Catalog, action: string): ActionLookup {
  if (action === '*') return { kind: 'all' }
  const match = SHAPE.exec(action)
  const servicePart = match?.[1]
  const namePart = match?.[2]
  if (servicePart === undefined || namePart === undefined) return { kind: 'malformed' }
  const services = matchingServices(catalog, servicePart)
  if (services.length === 0) {
    return {
      kind: 'unknown-service',
      service: servicePart,
      suggestions: hasWildcard(servicePart) ? [] : suggest(servicePart, catalog.servicePrefixes),
    }
  }
  const nameMatcher = globToRegExp(namePart, 'i')
  const found: ActionInfo[] = []
  for (const service of services) {
    if (!hasWildcard(namePart)) {
      const exact = service.actions.get(namePart.toLowerCase())
      if (exact !== undefined) found.push(exact)
      continue
    }
    for (const info of service.actions.values()) if (nameMatcher.test(info.name)) found.push(info)
  }
  if (found.length > 0) return { kind: 'actions', actions: found }
  const [only] = services
  const suggestions =
    services.length === 1 && only !== undefined && !hasWildcard(namePart)
      ? suggest(
          namePart,
          [...only.actions.values()].map((a) => a.name),
        ).map((n) => `${only.prefix}:${n}`)
      : []
  return { kind: 'unknown-action', suggestions }
}

function matchingServices(catalog: Catalog, pattern: string) {
  if (!hasWildcard(pattern)) {
    const service = catalog.service(pattern)
    return service === undefined ? [] : [service]
  }
  const matcher = globToRegExp(pattern.toLowerCase())
  return catalog.servicePrefixes
    .filter((p) => matcher.test(p))
    .flatMap((p) => catalog.service(p) ?? [])
}

/**
 * The service prefixes a sweep over these documents needs loaded: every service an Action names (a pattern
 * such as `s3*` stays a pattern), or all of them when a NotAction or `*` is in play. Loading
 * only these keeps plan and check fast.
 */
export function servicesNamed(documents: Iterable<unknown>): string[] {
  const services = new Set<string>()
  for (const document of documents) {
    const statements = (document as { Statement?: unknown } | null)?.Statement
    for (const s of Array.isArray(statements) ? statements : [statements]) {
      if (typeof s !== 'object' || s === null) continue
      if ('NotAction' in s) return ['*']
      const actions = (s as { Action?: unknown }).Action
      for (const a of Array.isArray(actions) ? actions : [actions]) {
        if (typeof a !== 'string') continue
        const colon = a.indexOf(':')
        if (colon === -1) return ['*']
        services.add(a.slice(0, colon).toLowerCase())
      }
    }
  }
  return [...services]
}
