/**
 * Attributes known only after apply, written as what the manifest knows them by: an identity's
 * or policy's ARN, a key store's ARN, or an ARN keyward can spell from a name (secrets get the
 * `-??????` suffix pattern AWS documents for policies written before the secret exists).
 */
import type { AttrSegment, TemplateUse } from '../templates.ts'
import { concreteText } from '../terraform/value.ts'
import type { MapContext } from './context.ts'
import { template } from './context.ts'

const IDENTITY_ATTRIBUTES: Readonly<Record<string, string>> = {
  arn: 'arn',
  name: 'name',
  id: 'name',
}

export function attributeReference(
  cx: MapContext,
  segment: AttrSegment,
  use: TemplateUse,
): string | undefined {
  const resource = cx.lookup.byAddress.get(segment.address)
  if (resource === undefined) return undefined
  const identity = cx.identityIds.get(resource.address)
  const attribute = IDENTITY_ATTRIBUTES[segment.attribute]
  if (identity !== undefined && attribute !== undefined)
    return `\${identities.${identity}.${attribute}}`
  const policy = cx.policyIds.get(resource.address)
  if (policy !== undefined && (segment.attribute === 'arn' || segment.attribute === 'id'))
    return `\${policies.${policy}.arn}`
  if (policy !== undefined && segment.attribute === 'name') return `\${policies.${policy}.name}`
  const name = resource.body.attributes.get('name')
  switch (`${resource.type}.${segment.attribute}`) {
    case 'aws_secretsmanager_secret.arn':
    case 'aws_secretsmanager_secret.id': {
      const owner = cx.storeOwners.get(resource.address)
      if (owner !== undefined) return `\${identities.${owner}.key.store.arn}`
      const text = name === undefined ? undefined : template(cx, name.value, name.loc, use.what)
      return text === undefined
        ? undefined
        : `arn:\${partition}:secretsmanager:\${region}:\${account}:secret:${text}-??????`
    }
    case 'aws_iam_openid_connect_provider.arn': {
      const url = resource.body.attributes.get('url')
      const text = url === undefined ? undefined : template(cx, url.value, url.loc, use.what)
      return text === undefined
        ? undefined
        : `arn:\${partition}:iam::\${account}:oidc-provider/${text.replace(/^https:\/\//, '')}`
    }
    default:
      return undefined
  }
}

/** The issuer URL of an OIDC provider a trust names by reference or by literal ARN. */
export function issuerOf(cx: MapContext, address: string | undefined): string | undefined {
  if (address === undefined) return undefined
  const provider = cx.lookup.byAddress.get(address)
  const url = provider?.body.attributes.get('url')
  if (provider?.type !== 'aws_iam_openid_connect_provider' || url === undefined) return undefined
  const text = template(cx, url.value, url.loc, 'the OIDC issuer')
  if (text === undefined) return undefined
  return concreteText(url.value)?.startsWith('https://') === true ? text : `https://${text}`
}
