import type { ResolvedEnvironment, ResolvedIdentity } from '../../model/resolved.ts'
import type { Catalog } from '../../policy/catalog.ts'
import type { ResolveIssue } from '../resolve/resolver.ts'
export { nameSite } from '../resolve/resolver.ts'
import type { IdentitySpec } from '../spec/identities.ts'
import type { ManifestSpec } from '../spec/manifest.ts'
import type { Path } from '../yaml-source.ts'

export interface RuleContext {
  readonly spec: ManifestSpec
  readonly env: ResolvedEnvironment
  readonly catalog: Catalog
  readonly report: (issue: ResolveIssue) => void
  /**
   * A spec string as this environment resolves it. Rules run only on environments that built
   * without errors, so this never reports anything new.
   */
  readonly resolve: (text: string, path: Path) => string | undefined
}

/** A check over one environment's resolved manifest. */
export type Rule = (cx: RuleContext) => void

/** Each resolved identity with its spec and the path it was declared at. */
export function* identitiesOf(
  cx: RuleContext,
): Generator<{ identity: ResolvedIdentity; spec: IdentitySpec; base: Path }> {
  for (const identity of cx.env.identities) {
    const spec = cx.spec.identities[identity.id]
    if (spec !== undefined) yield { identity, spec, base: ['identities', identity.id] }
  }
}

/**
 * The path of statement `index` of a document built from `allow` then `deny`, the order
 * {@link buildStatements} writes them in.
 */
export function statementPath(
  base: Path,
  spec: { readonly allow?: readonly unknown[] },
  index: number,
): Path {
  const allowed = spec.allow?.length ?? 0
  return index < allowed ? [...base, 'allow', index] : [...base, 'deny', index - allowed]
}
