/**
 * Finding the resource an argument points at. Terraform links resources by reference
 * (`user = aws_iam_user.uploader.name`), which the evaluator records as the value's origin; a
 * literal name (`user = "tomoda-uploader-dev"`) is matched against the names the configuration
 * gives, in this environment. Neither is a guess: no match means no link, and a problem.
 */
import type { TfConfig, TfResource } from '../terraform/config.ts'
import { concreteText, type TfValue } from '../terraform/value.ts'

export class Lookup {
  readonly byAddress: ReadonlyMap<string, TfResource>
  private readonly managed: readonly TfResource[]

  constructor(config: TfConfig) {
    this.managed = config.resources.filter((r) => r.mode === 'managed')
    this.byAddress = new Map(config.resources.map((r) => [r.address, r]))
  }

  ofType(type: string): TfResource[] {
    return this.managed.filter((r) => r.type === type)
  }

  /** The resource of one of `types` the value refers to, by reference or by its `name`. */
  target(value: TfValue | undefined, types: readonly string[]): TfResource | undefined {
    if (value === undefined) return undefined
    const origin = 'origin' in value ? value.origin : undefined
    if (origin !== undefined) {
      const found = this.byAddress.get(origin.address)
      if (found !== undefined && types.includes(found.type)) return found
    }
    const name = concreteText(value)
    if (name === undefined) return undefined
    const named = this.managed.filter((r) => types.includes(r.type) && nameOf(r) === name)
    return named.length === 1 ? named[0] : undefined
  }
}

/** The physical name a resource's `name` argument (or a policy's ARN) gives, when concrete. */
function nameOf(resource: TfResource): string | undefined {
  const name = resource.body.attributes.get('name')?.value
  return name === undefined ? undefined : concreteText(name)
}

/** Every `attr` segment in a value, however deeply nested (JSON bodies included). */
export function* attrSegments(
  value: TfValue,
): Generator<{ readonly address: string; readonly attribute: string }> {
  switch (value.kind) {
    case 'string':
      for (const segment of value.segments) if (segment.kind === 'attr') yield segment
      if (value.json !== undefined) yield* attrSegments(value.json)
      return
    case 'tuple':
      for (const item of value.items) yield* attrSegments(item)
      return
    case 'object':
      for (const field of value.fields.values()) yield* attrSegments(field)
      return
    default:
      return
  }
}

/** Whether a value carries the attribute of the resource anywhere inside it. */
export function mentions(value: TfValue, address: string, attribute: string): boolean {
  for (const segment of attrSegments(value))
    if (segment.address === address && segment.attribute === attribute) return true
  return false
}

/** A list argument's items (a single value counts as a list of one). */
export function itemsOf(value: TfValue | undefined): readonly TfValue[] {
  if (value === undefined || value.kind === 'null') return []
  return value.kind === 'tuple' ? value.items : [value]
}
