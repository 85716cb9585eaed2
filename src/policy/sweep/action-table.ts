/**
 * Every action of the catalog, numbered, with what a sweep needs to know about it, and the
 * expansion of action patterns (`s3:Get*`, `*`) to those numbers — done once per pattern.
 */
import type { Catalog } from '../catalog.ts'
import { globToRegExp, hasWildcard } from '../glob.ts'

export interface CatalogAction {
  readonly id: number
  /** `s3:GetObject`, in AWS's spelling. */
  readonly key: string
  readonly service: string
  readonly accessLevel: string
  /** The action's resource ARN formats; empty when it only takes `*`. */
  readonly formats: readonly string[]
}

/** A set of actions: everything, or the listed ids. */
export type ActionSet =
  { readonly all: true } | { readonly all: false; readonly ids: ReadonlySet<number> }

export class ActionTable {
  readonly actions: readonly CatalogAction[]
  readonly dataVersion: string
  private readonly byService = new Map<string, CatalogAction[]>()
  private readonly byKey = new Map<string, CatalogAction>()
  private readonly expanded = new Map<string, ActionSet>()

  constructor(catalog: Catalog) {
    const actions: CatalogAction[] = []
    for (const prefix of catalog.servicePrefixes) {
      const service = catalog.service(prefix)
      if (service === undefined) continue
      const list: CatalogAction[] = []
      for (const info of service.actions.values()) {
        const formats = info.resourceTypes.flatMap(
          (type) => service.resourceTypes.get(type.toLowerCase())?.arnFormats ?? ['*'],
        )
        const action = {
          id: actions.length,
          key: `${prefix}:${info.name}`,
          service: prefix,
          accessLevel: info.accessLevel,
          formats,
        }
        actions.push(action)
        list.push(action)
        this.byKey.set(action.key.toLowerCase(), action)
      }
      this.byService.set(prefix, list)
    }
    this.actions = actions
    this.dataVersion = catalog.dataVersion
  }

  /** The catalog's action of this name (any case), if it is loaded. */
  get(key: string): CatalogAction | undefined {
    return this.byKey.get(key.toLowerCase())
  }

  /** The catalog actions a policy's action pattern names. */
  expand(pattern: string): ActionSet {
    const cached = this.expanded.get(pattern)
    if (cached !== undefined) return cached
    const set = this.compute(pattern)
    this.expanded.set(pattern, set)
    return set
  }

  private compute(pattern: string): ActionSet {
    if (pattern === '*') return { all: true }
    const colon = pattern.indexOf(':')
    if (colon === -1) return { all: false, ids: new Set() }
    const servicePart = pattern.slice(0, colon).toLowerCase()
    const namePart = pattern.slice(colon + 1)
    if (!hasWildcard(pattern)) {
      const found = this.byKey.get(pattern.toLowerCase())
      return { all: false, ids: new Set(found === undefined ? [] : [found.id]) }
    }
    const serviceMatch = globToRegExp(servicePart)
    const nameMatch = globToRegExp(namePart, 'i')
    const ids = new Set<number>()
    for (const [prefix, list] of this.byService) {
      if (!serviceMatch.test(prefix)) continue
      for (const action of list)
        if (nameMatch.test(action.key.slice(prefix.length + 1))) ids.add(action.id)
    }
    return { all: false, ids }
  }
}
