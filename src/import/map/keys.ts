/**
 * Which user's key goes where. Terraform mints a key with `aws_iam_access_key` and copies its
 * secret wherever it is referenced: a Secrets Manager secret version, an SSM parameter, an
 * output. A store holding `aws_iam_access_key.k.secret` is that user's key store, and the
 * value's shape is the key's format. Every copy is a secret in state, and is reported so.
 */
import type { TfBody, TfModuleCall, TfResource } from '../terraform/config.ts'
import { concreteText, type Loc, type TfValue } from '../terraform/value.ts'
import { RISK_SEVERITY } from '../risks.ts'
import { itemsOf, mentions } from './lookup.ts'
import type { MapContext } from './context.ts'

export type StoreKind = 'secretsmanager' | 'ssm'

export interface UserKey {
  readonly user: TfResource
  /** The `aws_iam_access_key`, unless a module mints the key. */
  readonly key?: TfResource
  readonly minter?: TfModuleCall
  readonly store?: {
    readonly kind: StoreKind
    /** The secret or parameter resource; absent when a module creates the parameter. */
    readonly resource?: TfResource
    readonly name: TfValue
    readonly nameLoc: Loc
    /** The value written, and where: the format. */
    readonly value: TfValue
    readonly valueLoc: Loc
  }
}

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/

/** Stands for the key in formats keyward reads from a module or a linked store, not a resource. */
export const KEY_PLACEHOLDER = 'keyward.key'

function placeholder(attribute: 'id' | 'secret', loc: Loc): TfValue {
  return {
    kind: 'string',
    segments: [{ kind: 'attr', address: KEY_PLACEHOLDER, attribute, loc }],
  }
}
const SSM_GENERATED_VALUE = /^sashee\/ssm-generated-value\/aws$/

/** Users' keys and their stores, with the risks of where their secrets sit. */
export function linkKeys(cx: MapContext, links: ReadonlyMap<string, string>): Map<string, UserKey> {
  const keys = new Map<string, UserKey>()
  const users = ['aws_iam_user']
  const versions = cx.lookup.ofType('aws_secretsmanager_secret_version')
  const parameters = cx.lookup.ofType('aws_ssm_parameter')
  for (const key of cx.lookup.ofType('aws_iam_access_key')) {
    const userArg = key.body.attributes.get('user')
    const user = cx.lookup.target(userArg?.value, users)
    if (user === undefined) {
      cx.problems.push({
        severity: 'warning',
        message: `${key.address} belongs to a user this configuration does not declare; it is left to Terraform.`,
        loc: userArg?.loc ?? key.loc,
      })
      continue
    }
    const copies: { readonly resource: TfResource; readonly attribute: string }[] = []
    for (const version of versions) {
      if (holdsSecret(version, 'secret_string', key.address))
        copies.push({ resource: version, attribute: 'secret_string' })
    }
    for (const parameter of parameters) {
      if (holdsSecret(parameter, 'value', key.address))
        copies.push({ resource: parameter, attribute: 'value' })
    }
    const consumers = consumersOf(cx, key)
    stateRisks(cx, key, user, [...copies, ...consumers])
    roleInstead(cx, key, user, consumers)
    if (keys.has(user.address)) {
      cx.problems.push({
        severity: 'warning',
        message: `${user.address} has a second access key, ${key.address}; keyward manages one key per user and leaves this one to Terraform.`,
        loc: key.loc,
      })
      continue
    }
    cx.claimed.add(key.address)
    const [copy, ...more] = copies
    if (more.length > 0)
      cx.problems.push({
        severity: 'warning',
        message: `${key.address}'s secret is copied into ${copies.length} stores; keyward keeps one, ${copy?.resource.address}.`,
        loc: key.loc,
      })
    keys.set(user.address, { user, key, ...storeOf(cx, copy) })
  }
  for (const module of cx.config.modules) {
    const minted = moduleMintedKey(cx, module)
    if (minted !== undefined && !keys.has(minted.user.address))
      keys.set(minted.user.address, minted)
  }
  linkedStores(cx, links, keys)
  for (const { user, store } of keys.values()) {
    const owner = cx.identityIds.get(user.address)
    if (store?.resource !== undefined && owner !== undefined)
      cx.storeOwners.set(store.resource.address, owner)
  }
  return keys
}

/** Who takes the key's secret, and what would take its place: a role that needs no key. */
const CONSUMERS: Readonly<Record<string, string>> = {
  kubernetes_secret:
    'Kubernetes workloads read it: a role their service account assumes through the cluster’s OIDC issuer (IRSA) needs no key',
  kubernetes_secret_v1:
    'Kubernetes workloads read it: a role their service account assumes through the cluster’s OIDC issuer (IRSA) needs no key',
  github_actions_secret:
    'GitHub Actions uses it: a role trusting token.actions.githubusercontent.com for the repository needs no key',
  github_actions_environment_secret:
    'GitHub Actions uses it: a role trusting token.actions.githubusercontent.com for the repository needs no key',
  github_actions_organization_secret:
    'GitHub Actions uses it: a role trusting token.actions.githubusercontent.com needs no key',
  aws_lambda_function:
    'AWS compute uses it: the function’s execution role can carry the permissions instead',
  aws_ecs_task_definition: 'AWS compute uses it: the task role can carry the permissions instead',
  aws_instance: 'AWS compute uses it: an instance profile can carry the permissions instead',
  aws_launch_template: 'AWS compute uses it: an instance profile can carry the permissions instead',
}

interface Copy {
  readonly resource: TfResource
  readonly attribute: string
}

/** Resources of the kinds above that take the key's secret, anywhere in their arguments. */
function consumersOf(cx: MapContext, key: TfResource): Copy[] {
  const out: Copy[] = []
  for (const type of Object.keys(CONSUMERS))
    for (const resource of cx.lookup.ofType(type)) {
      const attribute = secretIn(resource.body, key.address)
      if (attribute !== undefined) out.push({ resource, attribute })
    }
  return out
}

function secretIn(body: TfBody, key: string): string | undefined {
  for (const [name, attribute] of body.attributes)
    if (mentions(attribute.value, key, 'secret')) return name
  for (const block of body.blocks) {
    const inner = secretIn(block.body, key)
    if (inner !== undefined) return `${block.type}.${inner}`
  }
  return undefined
}

/** Each workload that takes the key could assume a role instead (KW401, as check says it). */
function roleInstead(
  cx: MapContext,
  key: TfResource,
  user: TfResource,
  consumers: readonly Copy[],
): void {
  const identity = cx.identityIds.get(user.address)
  for (const { resource, attribute } of consumers)
    cx.risks.push({
      rule: 'could-be-role',
      severity: RISK_SEVERITY['could-be-role'],
      environments: [cx.environment],
      ...(identity === undefined ? {} : { identity }),
      address: resource.address,
      title: `${user.address} could be a role: ${resource.address} takes its key`,
      detail: `${CONSUMERS[resource.type] ?? 'Something takes the key'}. Once the manifest is applied, \`keyward advise\` proposes the role.`,
      locations: [
        {
          loc:
            resource.body.attributes.get(attribute.split('.')[0] ?? attribute)?.loc ?? resource.loc,
          what: `${resource.address}.${attribute}`,
        },
        { loc: key.loc, what: key.address },
      ],
    })
}

function holdsSecret(resource: TfResource, attribute: string, key: string): boolean {
  const value = resource.body.attributes.get(attribute)?.value
  return value !== undefined && mentions(value, key, 'secret')
}

function storeOf(
  cx: MapContext,
  copy: { readonly resource: TfResource; readonly attribute: string } | undefined,
): Pick<UserKey, 'store'> {
  if (copy === undefined) return {}
  const value = copy.resource.body.attributes.get(copy.attribute)
  if (value === undefined) return {}
  cx.claimed.add(copy.resource.address)
  if (copy.resource.type === 'aws_ssm_parameter') {
    const name = copy.resource.body.attributes.get('name')
    if (name === undefined) return {}
    return {
      store: {
        kind: 'ssm',
        resource: copy.resource,
        name: name.value,
        nameLoc: name.loc,
        value: value.value,
        valueLoc: value.loc,
      },
    }
  }
  const secretId = copy.resource.body.attributes.get('secret_id')
  const secret = cx.lookup.target(secretId?.value, ['aws_secretsmanager_secret'])
  const name = secret?.body.attributes.get('name')
  if (secret === undefined || name === undefined) {
    cx.problems.push({
      severity: 'error',
      message: `${copy.resource.address} writes to a secret this configuration does not declare (or declares with name_prefix); keyward cannot name the store.`,
      loc: secretId?.loc ?? copy.resource.loc,
    })
    return {}
  }
  cx.claimed.add(secret.address)
  return {
    store: {
      kind: 'secretsmanager',
      resource: secret,
      name: name.value,
      nameLoc: name.loc,
      value: value.value,
      valueLoc: value.loc,
    },
  }
}

function stateRisks(
  cx: MapContext,
  key: TfResource,
  user: TfResource,
  copies: readonly Copy[],
): void {
  const identity = cx.identityIds.get(user.address)
  const base = {
    environments: [cx.environment],
    ...(identity === undefined ? {} : { identity }),
    address: key.address,
  }
  const encrypted = key.body.attributes.get('pgp_key') !== undefined
  const where = copies.map(({ resource, attribute }) => ({
    loc: resource.body.attributes.get(attribute)?.loc ?? resource.loc,
    what: `${resource.address}.${attribute} copies the secret`,
  }))
  if (!encrypted || where.length > 0)
    cx.risks.push({
      ...base,
      rule: 'secret-in-state',
      severity: RISK_SEVERITY['secret-in-state'],
      title: `The secret access key of ${user.address} sits in Terraform state${encrypted ? ' (copied in plain text)' : ''}`,
      detail: `${encrypted ? 'The key is encrypted with pgp_key, but its' : 'Without pgp_key, the'} secret is stored in plain text in the state file${where.length > 0 ? ', and again in every resource that copies it' : ''}: anyone who can read the state (the backend bucket, CI logs of \`terraform show\`) holds the key. Once keyward adopts the key and its store, remove these from Terraform (\`terraform state rm\`, listed by the import): keyward mints the next key straight into the store, and nothing else ever holds it.`,
      locations: [{ loc: key.loc, what: `${key.address} keeps \`secret\` in state` }, ...where],
    })
  cx.risks.push({
    ...base,
    rule: 'key-not-rotated',
    severity: RISK_SEVERITY['key-not-rotated'],
    title: `The access key of ${user.address} is never rotated`,
    detail:
      'Terraform creates the key once; rotating it means tainting the resource and a window in which consumers hold a deleted key. Adopted by keyward, it is rotated on the manifest’s schedule (every 90 days unless `rotation.every` says otherwise) with a verified, zero-downtime hand-over.',
    locations: [{ loc: key.loc, what: `${key.address}: no rotation` }],
  })
}

/**
 * The `sashee/ssm-generated-value` module (seed 002): a Lambda mints the key inside the account
 * and writes the secret to the parameter, so no secret reaches state. Recognised by its source
 * and by the `iam:CreateAccessKey` grant its `extra_statements` give on one user.
 */
function moduleMintedKey(cx: MapContext, module: TfModuleCall): UserKey | undefined {
  if (module.followed || !SSM_GENERATED_VALUE.test(module.source)) return undefined
  const statements = module.inputs.attributes.get('extra_statements')
  const parameter = module.inputs.attributes.get('parameter_name')
  const code = module.inputs.attributes.get('code')
  let user: TfResource | undefined
  for (const statement of itemsOf(statements?.value)) {
    if (statement.kind !== 'object') continue
    const actions = itemsOf(statement.fields.get('Action')).map(concreteText)
    if (!actions.includes('iam:CreateAccessKey')) continue
    for (const resource of itemsOf(statement.fields.get('Resource')))
      user ??= cx.lookup.target(resource, ['aws_iam_user'])
  }
  if (user === undefined || parameter === undefined) return undefined
  // The code interpolates the user's name, which may be known only after apply: read its text.
  const source =
    code?.value.kind === 'string'
      ? code.value.segments
          .map((s) => (s.kind === 'text' || s.kind === 'var' ? s.text : ''))
          .join('')
      : ''
  if (!source.includes('SecretAccessKey')) {
    cx.problems.push({
      severity: 'warning',
      message: `${module.address} mints keys for ${user.address}, but its code does not visibly store the SecretAccessKey; the store's format is not imported.`,
      loc: code?.loc ?? module.loc,
    })
    return undefined
  }
  cx.claimed.add(module.address)
  cx.problems.push({
    severity: 'warning',
    message: `${module.address} mints ${user.address}'s key with a Lambda function of its own; once keyward owns the key, that function and its role are no longer needed.`,
    loc: module.loc,
    hint: `After \`state rm ${module.address}\`, delete the module's Lambda function and role by hand: \`terraform destroy\` of the module would run its cleanup, which deletes the user's keys.`,
  })
  const identity = cx.identityIds.get(user.address)
  cx.risks.push({
    rule: 'key-not-rotated',
    severity: RISK_SEVERITY['key-not-rotated'],
    environments: [cx.environment],
    ...(identity === undefined ? {} : { identity }),
    address: module.address,
    title: `The access key ${module.address} mints for ${user.address} is never rotated`,
    detail:
      'The module mints the key once, inside the account, and keeps its secret out of state — but nothing replaces it. Adopted by keyward, it is rotated on the manifest’s schedule; set `rotation.every: never` where the key id must stay fixed (presigned URLs).',
    locations: [{ loc: module.loc, what: `${module.address}: no rotation` }],
  })
  return {
    user,
    minter: module,
    store: {
      kind: 'ssm',
      name: parameter.value,
      nameLoc: parameter.loc,
      value: placeholder('secret', code?.loc ?? module.loc),
      valueLoc: code?.loc ?? module.loc,
    },
  }
}

/**
 * Stores the configuration fills with credentials from elsewhere (a variable, a console edit):
 * keyward cannot tell whose key they hold, so they are linked only as `--link` says; either way
 * credentials written in the configuration are reported.
 */
function linkedStores(
  cx: MapContext,
  links: ReadonlyMap<string, string>,
  keys: Map<string, UserKey>,
): void {
  for (const version of cx.lookup.ofType('aws_secretsmanager_secret_version')) {
    const value = version.body.attributes.get('secret_string')
    if (value === undefined || [...keys.values()].some((k) => k.store?.value === value.value))
      continue
    if (!holdsCredentials(value.value)) continue
    const secretId = version.body.attributes.get('secret_id')
    const secret = cx.lookup.target(secretId?.value, ['aws_secretsmanager_secret'])
    cx.risks.push({
      rule: 'secret-in-config',
      severity: RISK_SEVERITY['secret-in-config'],
      environments: [cx.environment],
      address: version.address,
      title: `${version.address} writes AWS credentials given in the configuration`,
      detail:
        'The access key id (and a secret, or a placeholder someone overwrites by hand) are written in the Terraform, its variables and its state. Let keyward mint the key into this store instead: nobody then types, pastes or commits it.',
      locations: [{ loc: value.loc, what: `${version.address}.secret_string` }],
    })
    const userAddress = secret === undefined ? undefined : links.get(secret.address)
    const user = userAddress === undefined ? undefined : cx.lookup.byAddress.get(userAddress)
    const name = secret?.body.attributes.get('name')
    if (secret === undefined || name === undefined) continue
    if (user === undefined || user.type !== 'aws_iam_user') {
      cx.problems.push({
        severity: 'warning',
        message: `${secret.address} holds an access key of a user the configuration does not say; its store is not imported.`,
        loc: value.loc,
        hint: `If it is the key of a user declared here, say so: \`--link ${secret.address}=aws_iam_user.NAME\`.`,
      })
      continue
    }
    if (keys.has(user.address)) continue
    cx.claimed.add(secret.address)
    cx.claimed.add(version.address)
    keys.set(user.address, {
      user,
      store: {
        kind: 'secretsmanager',
        resource: secret,
        name: name.value,
        nameLoc: name.loc,
        value: asKeyFields(value.value, value.loc),
        valueLoc: value.loc,
      },
    })
  }
}

/** A literal access key id anywhere in the value, or a field named for the secret key. */
function holdsCredentials(value: TfValue): boolean {
  const fields = value.kind === 'string' && value.json?.kind === 'object' ? value.json.fields : []
  for (const [name, field] of fields) {
    if (/secret_?access_?key/i.test(name)) return true
    if (ACCESS_KEY_ID.test(concreteText(field) ?? '')) return true
  }
  return ACCESS_KEY_ID.test(concreteText(value) ?? '')
}

/** A linked store's fields: the literal key id and secret become the key's placeholders. */
function asKeyFields(value: TfValue, loc: Loc): TfValue {
  if (value.kind !== 'string' || value.json?.kind !== 'object') return value
  const fields = new Map<string, TfValue>()
  for (const [name, field] of value.json.fields) {
    const literal = concreteText(field) ?? ''
    const attribute = ACCESS_KEY_ID.test(literal)
      ? 'id'
      : /secret_?access_?key/i.test(name)
        ? 'secret'
        : undefined
    fields.set(name, attribute === undefined ? field : placeholder(attribute, loc))
  }
  return { ...value, json: { kind: 'object', fields } }
}
