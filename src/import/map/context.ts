/**
 * What every mapping step of one environment shares: the configuration's resources, the ids
 * they get, how strings become templates, and where problems, risks and the resources keyward
 * takes over are collected.
 */
import type { ImportProblem, TfConfig, TfResource } from '../terraform/config.ts'
import type { Loc, TfValue } from '../terraform/value.ts'
import type { TerraformRisk } from '../risks.ts'
import { toTemplate, type TemplateScope } from '../templates.ts'
import { Lookup } from './lookup.ts'

export type Draft = Record<string, unknown>

export interface MapContext {
  readonly environment: string
  readonly config: TfConfig
  readonly lookup: Lookup
  /** Logical ids by Terraform address: identities (users, groups, roles) and policies. */
  readonly identityIds: ReadonlyMap<string, string>
  readonly policyIds: ReadonlyMap<string, string>
  /** The user id whose key store each secret or parameter address is. */
  readonly storeOwners: Map<string, string>
  readonly scope: TemplateScope
  readonly problems: ImportProblem[]
  readonly risks: TerraformRisk[]
  /** Terraform addresses the manifest now declares: ownership passes to keyward. */
  readonly claimed: Set<string>
}

export function report(cx: MapContext, problem: ImportProblem): void {
  cx.problems.push(problem)
}

export function template(
  cx: MapContext,
  value: TfValue | undefined,
  loc: Loc,
  what: string,
  key?: string,
): string | undefined {
  if (value === undefined || value.kind === 'null') return undefined
  return toTemplate(value, loc, cx.scope, key === undefined ? { what } : { what, key })
}

/** `{ field: template }` for an optional argument, or nothing when it is absent or null. */
export function optionalTemplate(
  cx: MapContext,
  resource: TfResource,
  argument: string,
  field: string,
  what: string,
): Draft {
  const found = resource.body.attributes.get(argument)
  if (found === undefined || found.value.kind === 'null') return {}
  return { [field]: template(cx, found.value, found.loc, what) }
}

/** A resource's `tags` argument as templates, or nothing when it has none. */
export function tagsOf(cx: MapContext, resource: TfResource): Draft {
  const tags = resource.body.attributes.get('tags')
  if (tags === undefined || tags.value.kind !== 'object' || tags.value.fields.size === 0) return {}
  const out: Record<string, string | undefined> = {}
  for (const [key, value] of tags.value.fields)
    out[key] = template(cx, value, tags.loc, `the tag ${key}`)
  return { tags: out }
}

export { Lookup }
