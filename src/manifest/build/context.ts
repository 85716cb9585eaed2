import type { SourceLocation } from '../../model/resolved.ts'
import type {
  EnvironmentResolver,
  ResolveIssue,
  Site,
  TemplateOptions,
} from '../resolve/resolver.ts'
import type { ManifestSpec } from '../spec/manifest.ts'
import type { Path } from '../yaml-source.ts'

/** What every builder needs: the environment's resolver, a sink for problems, and positions. */
export interface BuildContext {
  readonly spec: ManifestSpec
  readonly resolver: EnvironmentResolver
  readonly report: (issue: ResolveIssue) => void
  readonly locate: (path: Path) => SourceLocation
}

/**
 * Maps every item — so that every problem gets reported, not just the first — and yields
 * undefined if any item failed. Builders return undefined after reporting what went wrong.
 */
export function mapAll<T, R>(
  items: Iterable<T>,
  map: (item: T, index: number) => R | undefined,
): R[] | undefined {
  const out: R[] = []
  let failed = false
  let index = 0
  for (const item of items) {
    const value = map(item, index++)
    if (value === undefined) failed = true
    else out.push(value)
  }
  return failed ? undefined : out
}

/** Resolves every string of a list; undefined if any of them failed (already reported). */
export function resolveAll(
  cx: BuildContext,
  values: readonly string[],
  path: Path,
  options: TemplateOptions = {},
): string[] | undefined {
  return mapAll(values, (value, index) =>
    cx.resolver.template(value, { path: [...path, index] }, options),
  )
}

/** Resolves each value of a string map (tags, format fields); keys are taken literally. */
export function resolveRecord(
  cx: BuildContext,
  values: Readonly<Record<string, string>> | undefined,
  path: Path,
  options: TemplateOptions = {},
): Record<string, string> | undefined {
  const entries = mapAll(Object.entries(values ?? {}), ([key, value]) => {
    const resolved = cx.resolver.template(value, { path: [...path, key] }, options)
    return resolved === undefined ? undefined : ([key, resolved] as const)
  })
  return entries === undefined ? undefined : Object.fromEntries(entries)
}

export function resolveOptional(
  cx: BuildContext,
  value: string | undefined,
  site: Site,
): { ok: boolean; value?: string } {
  if (value === undefined) return { ok: true }
  const resolved = cx.resolver.template(value, site)
  return resolved === undefined ? { ok: false } : { ok: true, value: resolved }
}
