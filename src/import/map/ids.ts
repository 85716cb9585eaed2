/**
 * Logical ids for imported resources, from their Terraform addresses. The id is what keyward
 * tracks across renames, so it must not depend on an environment's values: it comes from the
 * resource's block name (and its `for_each` key or `count` index), never from its `name`.
 */
import type { TfResource } from '../terraform/config.ts'

/** Block names that say nothing; the module's name says more (`module.build_user.….this`). */
const GENERIC = new Set(['this', 'main', 'default', 'user', 'role', 'group', 'policy'])

function kebab(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
}

function baseOf(resource: TfResource): string {
  const module = resource.modulePath.at(-1)
  const name = GENERIC.has(resource.name) && module !== undefined ? module : resource.name
  const key = resource.key === undefined ? '' : `-${String(resource.key)}`
  return kebab(`${name}${key}`) || 'imported'
}

/**
 * One id per resource, unique within a manifest section. Ties are broken by module path, then
 * by type, in address order, so every environment of one configuration gets the same ids.
 */
export function assignIds(resources: readonly TfResource[]): Map<string, string> {
  const sorted = [...resources].sort((a, b) => a.address.localeCompare(b.address))
  const taken = new Set<string>()
  const ids = new Map<string, string>()
  const counts = new Map<string, number>()
  for (const r of sorted) counts.set(baseOf(r), (counts.get(baseOf(r)) ?? 0) + 1)
  for (const resource of sorted) {
    const base = baseOf(resource)
    const candidates = [
      base,
      kebab([...resource.modulePath, base].join('-')),
      kebab([...resource.modulePath, base, resource.type.replace(/^aws_iam_/, '')].join('-')),
    ]
    const unique = (counts.get(base) ?? 0) === 1
    let id = unique ? base : (candidates.find((c) => !taken.has(c)) ?? base)
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
    taken.add(id)
    ids.set(resource.address, id.slice(0, 64))
  }
  return ids
}
