/**
 * A user's `key:` entry from the store Terraform writes its secret to: the store's settings, and
 * the format read off the value written (`jsonencode({AWS_ACCESS_KEY_ID = …id, …})` becomes
 * `AWS_ACCESS_KEY_ID: ${key.id}`). No rotation is written: the manifest's default applies, and
 * the import reports that Terraform never rotated the key.
 */
import type { TfResource } from '../terraform/config.ts'
import { concreteText, type Loc, type TfValue } from '../terraform/value.ts'
import { optionalTemplate, tagsOf, template, type Draft, type MapContext } from './context.ts'
import { KEY_PLACEHOLDER, type UserKey } from './keys.ts'

export function keyDraft(cx: MapContext, userKey: UserKey): Draft {
  const store = userKey.store
  if (store === undefined) {
    if (userKey.key !== undefined)
      cx.problems.push({
        severity: 'warning',
        message: `${userKey.key.address}'s secret is not written to a Secrets Manager secret or SSM parameter here (only to state and outputs); the user is imported without a key, and the key stays Terraform's.`,
        loc: userKey.key.loc,
        hint: 'Add a `key: {store: …}` to the user and run `keyward rotate` to move the key into a store keyward mints into.',
      })
    return {}
  }
  const keyAddress = userKey.key?.address ?? KEY_PLACEHOLDER
  const name = template(cx, store.name, store.nameLoc, 'the store name')
  const format = formatOf(cx, store.value, store.valueLoc, keyAddress)
  const settings =
    store.resource === undefined
      ? {}
      : store.kind === 'secretsmanager'
        ? secretSettings(cx, store.resource)
        : parameterSettings(cx, store.resource)
  return {
    key: {
      store: { type: store.kind, name, ...settings },
      ...(format === undefined ? {} : { format }),
    },
  }
}

function formatOf(
  cx: MapContext,
  value: TfValue,
  loc: Loc,
  key: string,
): string | Record<string, string | undefined> | undefined {
  const json = value.kind === 'string' ? value.json : undefined
  if (json?.kind === 'object') {
    const fields: Record<string, string | undefined> = {}
    for (const [name, field] of json.fields)
      fields[name] = template(cx, field, loc, `the store's field ${name}`, key)
    return fields
  }
  return template(cx, value, loc, "the store's value", key)
}

function secretSettings(cx: MapContext, secret: TfResource): Draft {
  const window = secret.body.attributes.get('recovery_window_in_days')
  const days = window?.value.kind === 'number' ? window.value.value : undefined
  if (window !== undefined && days === undefined)
    cx.problems.push({
      severity: 'error',
      message: `${secret.address}'s recovery window is not a number keyward can read.`,
      loc: window.loc,
    })
  if (secret.body.attributes.get('policy') !== undefined)
    cx.problems.push({
      severity: 'warning',
      message: `${secret.address} has a resource policy; keyward writes its own from \`store.readers\` and does not import this one.`,
      loc: secret.body.attributes.get('policy')?.loc ?? secret.loc,
      hint: 'List the principals that may read the key under `key.store.readers`.',
    })
  return {
    ...optionalTemplate(cx, secret, 'description', 'description', `the store's description`),
    ...optionalTemplate(cx, secret, 'kms_key_id', 'kmsKey', `the store's kms_key_id`),
    ...(days === undefined || days === 30 ? {} : { recoveryWindow: days === 0 ? 0 : `${days}d` }),
    ...tagsOf(cx, secret),
  }
}

function parameterSettings(cx: MapContext, parameter: TfResource): Draft {
  const type = parameter.body.attributes.get('type')
  if (type !== undefined && concreteText(type.value) !== 'SecureString')
    cx.risks.push({
      rule: 'plaintext-parameter',
      severity: 'high',
      environments: [cx.environment],
      address: parameter.address,
      title: `${parameter.address} holds an access key in a parameter that is not a SecureString`,
      detail:
        'Anyone allowed ssm:GetParameter reads it without kms:Decrypt, and it shows in the console. keyward writes key stores as SecureString.',
      locations: [{ loc: type.loc, what: `${parameter.address}.type` }],
    })
  const tier = parameter.body.attributes.get('tier')
  const tierText = tier === undefined ? undefined : concreteText(tier.value)
  return {
    ...optionalTemplate(cx, parameter, 'description', 'description', `the store's description`),
    ...optionalTemplate(cx, parameter, 'key_id', 'kmsKey', `the store's key_id`),
    ...(tierText === 'Advanced' ? { tier: 'Advanced' } : {}),
    ...tagsOf(cx, parameter),
  }
}
