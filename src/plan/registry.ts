/**
 * Reading and writing keyward's registry (see {@link Registry}): where it lives, how it is
 * encoded, and the two versions a plan writes — the intent before anything is created or
 * renamed, and the result once it is done.
 */
import { parseObject } from '../model/json-object.ts'
import type { Registry } from '../model/account-state.ts'
import type { Owner } from '../model/tags.ts'

/** One SSM parameter per project and environment; a hierarchy, so IAM policies can scope it. */
export function registryName(owner: Owner): string {
  return `/keyward/${owner.project}/${owner.environment}/registry`
}

/** The part of a managed policy's ARN the registry keys it by: `/path/name`. */
export function policyKey(arn: string): string {
  const at = arn.indexOf(':policy/')
  return at === -1 ? arn : arn.slice(at + ':policy'.length)
}

export const REGISTRY_FORMAT = 1

export function encodeRegistry(registry: Registry): string {
  return JSON.stringify({ v: REGISTRY_FORMAT, ...sorted(registry) })
}

/** The registry a parameter holds, or undefined when it is not one this keyward can read. */
export function decodeRegistry(text: string): Registry | undefined {
  const value = parseObject(text)
  if (value === undefined) return undefined
  const { v, groups, policies } = value
  if (v !== REGISTRY_FORMAT || !isStringMap(groups) || !isStringMap(policies)) return undefined
  return { groups, policies }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

export function mergeRegistry(a: Registry, b: Registry): Registry {
  return { groups: { ...a.groups, ...b.groups }, policies: { ...a.policies, ...b.policies } }
}

export function sameRegistry(a: Registry, b: Registry): boolean {
  return encodeRegistry(a) === encodeRegistry(b)
}

function sorted(registry: Registry): Registry {
  const sort = (m: Readonly<Record<string, string>>) =>
    Object.fromEntries(Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
  return { groups: sort(registry.groups), policies: sort(registry.policies) }
}
