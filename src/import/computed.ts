/**
 * Attributes Terraform computes rather than reads from arguments, where keyward can say what
 * they will be: ARNs built from a name, the account's partition, id and region, a policy
 * document's JSON. Everything else stays an `attr` segment, which the mapper turns into a
 * manifest reference or reports.
 */
import type { TfBody, TfResource } from './terraform/config.ts'
import type { Builtin, Segment, TfValue } from './terraform/value.ts'

export type PolicyDocumentJson = (
  body: TfBody,
  loc: TfResource['loc'],
  attribute: 'json' | 'minified_json',
) => TfValue

/** Values given for attributes known only after apply (`--known random_id.id.hex=…`). */
export type KnownValues = ReadonlyMap<string, string>

/** The manifest variable a `--known` value becomes: `random_id.id.hex` → `id_hex`. */
export function knownVariable(address: string, attribute: string): string {
  const name = address.split('.').at(-1) ?? address
  return `${name}_${attribute}`.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z_]/, '_$&')
}

export function computedAttributes(
  known: KnownValues,
  policyDocument: PolicyDocumentJson,
): (resource: TfResource, attribute: string) => TfValue | undefined {
  return (resource, attribute) => {
    const given = known.get(`${resource.address}.${attribute}`)
    if (given !== undefined)
      return string([
        { kind: 'var', name: knownVariable(resource.address, attribute), text: given },
      ])
    const argument = (name: string) => resource.body.attributes.get(name)?.value
    if (resource.mode === 'data') return dataAttribute(resource, attribute, policyDocument)
    switch (`${resource.type}.${attribute}`) {
      case 'aws_s3_bucket.id':
      case 'aws_s3_bucket.bucket':
        return argument('bucket')
      case 'aws_s3_bucket.arn':
        return concat(builtin('partition', 'arn:', ':s3:::'), argument('bucket'))
      case 'aws_iam_user.id':
      case 'aws_iam_group.id':
      case 'aws_iam_role.id':
      case 'aws_ssm_parameter.id':
        return argument('name')
      case 'aws_ssm_parameter.arn': {
        const name = argument('name')
        const prefix = [
          ...builtin('partition', 'arn:', ':ssm:'),
          ...builtin('region', '', ':'),
          ...builtin('account', '', ':parameter/'),
        ]
        return concat(prefix, name === undefined ? undefined : withoutLeadingSlash(name))
      }
      default:
        return undefined
    }
  }
}

function dataAttribute(
  resource: TfResource,
  attribute: string,
  policyDocument: PolicyDocumentJson,
): TfValue | undefined {
  switch (`${resource.type}.${attribute}`) {
    case 'aws_caller_identity.account_id':
      return string(builtin('account'))
    case 'aws_partition.partition':
      return string(builtin('partition'))
    case 'aws_partition.dns_suffix':
      return string([{ kind: 'text', text: 'amazonaws.com' }])
    case 'aws_region.name':
    case 'aws_region.region':
    case 'aws_region.id':
      return string(builtin('region'))
    case 'aws_iam_policy_document.json':
      return policyDocument(resource.body, resource.loc, 'json')
    case 'aws_iam_policy_document.minified_json':
      return policyDocument(resource.body, resource.loc, 'minified_json')
    default:
      return undefined
  }
}

function builtin(name: Builtin, before = '', after = ''): Segment[] {
  return [
    ...(before === '' ? [] : [{ kind: 'text', text: before } as const]),
    { kind: 'builtin', name },
    ...(after === '' ? [] : [{ kind: 'text', text: after } as const]),
  ]
}

function string(segments: readonly Segment[]): TfValue {
  return { kind: 'string', segments }
}

/** The prefix followed by a string value; unknown and non-string values pass through as they are. */
function concat(prefix: readonly Segment[], value: TfValue | undefined): TfValue | undefined {
  if (value === undefined) return undefined
  if (value.kind !== 'string') return value.kind === 'unknown' ? value : undefined
  return string([...prefix, ...value.segments])
}

function withoutLeadingSlash(value: TfValue): TfValue {
  if (value.kind !== 'string') return value
  const [first, ...rest] = value.segments
  if (first === undefined || first.kind !== 'text' || !first.text.startsWith('/')) return value
  const trimmed = first.text.slice(1)
  return string(trimmed === '' ? rest : [{ kind: 'text', text: trimmed }, ...rest])
}
