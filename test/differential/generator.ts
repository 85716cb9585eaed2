/**
 * Generates one differential case from a seed: caller, request and the policies of every layer.
 */
import type { Rng } from './random.ts'
import { caseRng, chance, int, pick, some, unique } from './random.ts'
import type {
  Caller,
  Catalog,
  ContextInput,
  DiffCase,
  Fields,
  JsonValue,
  PolicyDocument,
  StatementDocument,
} from './cases.ts'
import {
  CALLER_ACCOUNT,
  KINDS,
  OTHER_ACCOUNT,
  OWNERS,
  REGIONS,
  ROLES,
  SESSIONS,
  USERS,
  drawCaller,
} from './cases.ts'
import type { Family, KeySpec } from './keys.ts'
import { KEYS, OPERATORS, STRING_VARIABLE_VALUES } from './keys.ts'

// ---------------------------------------------------------------------------------------------
// The case generator

interface Draw {
  readonly rng: Rng
  readonly catalog: Catalog
  readonly caller: Caller
  readonly kindIndex: number
  readonly fields: Fields
  readonly action: string
  readonly resource: string
  /** Keys some policy reads, in a condition or a variable; the context decides about them. */
  readonly keysUsed: Set<string>
}

export function generateCase(catalog: Catalog, seed: number, index: number): DiffCase {
  const rng = caseRng(seed, index)
  const caller = drawCaller(rng)
  const crossAccount = chance(rng, 0.2)
  const resourceAccount = crossAccount ? OTHER_ACCOUNT : CALLER_ACCOUNT
  let kindIndex = int(rng, KINDS.length)
  const kind = KINDS[kindIndex] ?? KINDS[0]
  const fields: Fields = {
    region: pick(rng, REGIONS),
    account: resourceAccount,
    owner: pick(rng, OWNERS),
    leaf: pick(rng, kind?.leaves ?? ['x']),
  }
  let action: string
  let resource: string
  const wildcardActions = catalog.wildcardOnly.get(kind?.service ?? '') ?? []
  if (chance(rng, 0.08) && wildcardActions.length > 0) {
    action = pick(rng, wildcardActions)
    resource = '*'
    kindIndex = -1
  } else {
    action = pick(rng, catalog.actions[kindIndex] ?? [])
    resource = kind?.build(fields) ?? '*'
  }
  const draw: Draw = {
    rng,
    catalog,
    caller,
    kindIndex,
    fields,
    action,
    resource,
    keysUsed: new Set(),
  }

  const identity = some(rng, 1, 3, () => policyDoc(draw, 'identity'))
  const resourcePolicy =
    kindIndex >= 0 && kind?.resourcePolicies === true && chance(rng, crossAccount ? 0.75 : 0.4)
      ? policyDoc(draw, 'resource')
      : undefined
  const boundary = chance(rng, 0.3) ? policyDoc(draw, 'boundary') : undefined
  const scps = chance(rng, 0.35)
    ? some(rng, 1, 3, () => some(rng, 1, 2, () => policyDoc(draw, 'scp')))
    : []
  const session =
    caller.kind === 'session' && chance(rng, 0.3) ? policyDoc(draw, 'session') : undefined

  return {
    id: `${seed}:${index}`,
    principal: caller.arn,
    action,
    resource,
    resourceAccount,
    context: drawContext(draw),
    identity,
    ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
    ...(boundary === undefined ? {} : { boundary }),
    scps,
    ...(session === undefined ? {} : { session }),
  }
}

type Layer = 'identity' | 'resource' | 'boundary' | 'scp' | 'session'

function policyDoc(draw: Draw, layer: Layer): PolicyDocument {
  const { rng } = draw
  const statements: StatementDocument[] = []
  // Guardrail layers mostly start from "allow everything", as real SCPs and boundaries do.
  if ((layer === 'scp' || layer === 'boundary') && chance(rng, 0.55)) {
    statements.push({ Effect: 'Allow', Action: '*', Resource: '*' })
  }
  const count = 1 + int(rng, layer === 'identity' ? 4 : 3)
  for (let i = 0; i < count; i++) statements.push(statement(draw, layer))
  return { Version: '2012-10-17', Statement: statements }
}

function statement(draw: Draw, layer: Layer): StatementDocument {
  const { rng } = draw
  const denyRate = layer === 'identity' || layer === 'resource' ? 0.14 : 0.2
  const effect = chance(rng, denyRate) ? 'Deny' : 'Allow'
  const out: StatementDocument = {}
  if (chance(rng, 0.15)) out['Sid'] = `S${int(rng, 100)}`
  out['Effect'] = effect
  if (layer === 'resource') {
    // NotPrincipal is documented for Deny; with Allow it is still accepted, so keep a little.
    const not = chance(rng, effect === 'Deny' ? 0.3 : 0.05)
    out[not ? 'NotPrincipal' : 'Principal'] = principalElement(draw, not)
  }
  const actions = some(rng, 1, 2, () => actionPattern(draw))
  out[chance(rng, 0.15) ? 'NotAction' : 'Action'] = listOrOne(rng, actions)
  // iam-simulate requires Resource in SCPs too, so it is never left out here.
  const resources = some(rng, 1, 2, () => resourcePattern(draw))
  out[chance(rng, 0.12) ? 'NotResource' : 'Resource'] = listOrOne(rng, resources)
  if (chance(rng, 0.5)) out['Condition'] = conditionBlock(draw)
  return out
}

function listOrOne(rng: Rng, list: string[]): JsonValue {
  const values = unique(list)
  return values.length === 1 && chance(rng, 0.6) ? (values[0] ?? '*') : values
}

function caseVariant(rng: Rng, text: string): string {
  switch (int(rng, 4)) {
    case 0:
      return text.toLowerCase()
    case 1:
      return text.toUpperCase()
    case 2:
      return text.replace(/./g, (ch) => (chance(rng, 0.5) ? ch.toUpperCase() : ch.toLowerCase()))
    default:
      return text
  }
}

function actionPattern(draw: Draw): string {
  const { rng, action, catalog } = draw
  const [service = '', name = ''] = action.split(':')
  const cut = 1 + int(rng, Math.max(1, name.length - 1))
  switch (int(rng, 11)) {
    case 0:
    case 1:
      return action
    case 2:
      return `${caseVariant(rng, service)}:${caseVariant(rng, name)}`
    case 3:
      return `${service}:${name.slice(0, cut)}*`
    case 4:
      return `${service}:*${name.slice(cut)}`
    case 5: {
      const at = int(rng, name.length)
      return `${service}:${name.slice(0, at)}?${name.slice(at + 1)}`
    }
    case 6:
      return `${service}:*`
    case 7:
      return '*'
    case 8: {
      const same = catalog.actions.flat().filter((a) => a.startsWith(`${service}:`))
      return same.length > 0 ? pick(rng, same) : action
    }
    case 9: {
      const other = pick(
        rng,
        catalog.services.filter((s) => s !== service),
      )
      const list = catalog.actions.flat().filter((a) => a.startsWith(`${other}:`))
      return list.length > 0 ? pick(rng, list) : `${other}:*`
    }
    default:
      return `${service}:Zz${name.slice(0, 2)}*`
  }
}

function resourcePattern(draw: Draw): string {
  const { rng, kindIndex, fields } = draw
  const kind = KINDS[kindIndex] ?? pick(rng, KINDS)
  const build = (change: Partial<Fields>): string => kind.build({ ...fields, ...change })
  const useVar = (key: string): void => {
    draw.keysUsed.add(key)
  }
  switch (int(rng, 20)) {
    case 0:
    case 1:
    case 2:
      return build({})
    case 3:
      return '*'
    case 4:
      return build({ region: pick(rng, ['*', 'us-east-?', 'eu-*']) })
    case 5:
      return build({ account: pick(rng, ['*', '1111111111??', '2*']) })
    case 6:
      return build({ owner: '*' })
    case 7: {
      const at = int(rng, fields.owner.length)
      return build({ owner: `${fields.owner.slice(0, at)}?${fields.owner.slice(at + 1)}` })
    }
    case 8:
      useVar('aws:username')
      return build({ owner: '${aws:username}' })
    case 9:
      useVar('aws:PrincipalTag/team')
      return build({ owner: '${aws:PrincipalTag/team}' })
    case 10:
      if (chance(rng, 0.5)) {
        useVar('aws:PrincipalTag/team')
        return build({ owner: "${aws:PrincipalTag/team, 'alice'}" })
      }
      useVar('aws:username')
      return build({ owner: "${aws:username, 'payments'}" })
    case 11:
      return build({ owner: pick(rng, OWNERS) })
    case 12:
      return caseVariant(rng, build({}))
    case 13: {
      const full = build({})
      return `${full.slice(0, 1 + int(rng, full.length - 1))}*`
    }
    case 14:
      return pick(rng, KINDS).build({ ...fields, leaf: pick(rng, kind.leaves) })
    case 15:
      return pick(rng, [`arn:aws:${kind.service}:*`, `arn:*:${kind.service}:*:*:*`, 'arn:aws:*'])
    case 16:
      // Escapes: a literal `*`, `?` or `$` that must not act as a wildcard or a variable.
      return build({
        leaf: fields.leaf.replaceAll('$', '${$}').replaceAll('?', pick(rng, ['${?}', '?'])),
        owner: pick(rng, [fields.owner, '${*}', `${fields.owner}\${?}`]),
      })
    case 17:
      // AWS substitutes variables only after the fifth colon; this one must stay text.
      useVar('aws:PrincipalAccount')
      return build({ account: '${aws:PrincipalAccount}' })
    case 18:
      return build({ leaf: pick(rng, kind.leaves) })
    default:
      return build({ leaf: `${fields.leaf.slice(0, 2)}*` })
  }
}

function principalElement(draw: Draw, negated: boolean): JsonValue {
  const { rng, caller } = draw
  const forms: (() => string)[] = [
    () => '*',
    () => CALLER_ACCOUNT,
    () => OTHER_ACCOUNT,
    () => `arn:aws:iam::${CALLER_ACCOUNT}:root`,
    () => `arn:aws:iam::${OTHER_ACCOUNT}:root`,
    () => caller.arn,
    () => caller.principalArn,
    () => {
      const user = pick(rng, USERS)
      return `arn:aws:iam::${CALLER_ACCOUNT}:user/${user.path}${user.name}`
    },
    () => `arn:aws:iam::${CALLER_ACCOUNT}:role/${pick(rng, ROLES)}`,
    () => `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/${pick(rng, ROLES)}/${pick(rng, SESSIONS)}`,
  ]
  if (!negated && chance(rng, 0.15)) return '*'
  const entries = unique(some(rng, 1, 2, () => pick(rng, forms)()))
  // `{"AWS": "*"}` stands alone: beside ARNs it would only hide them. Only AWS principals, as
  // service and federated principals are never the caller here.
  const aws =
    entries.includes('*') && entries.length > 1 ? entries.filter((e) => e !== '*') : entries
  return { AWS: aws.length === 1 && chance(rng, 0.6) ? (aws[0] ?? '*') : aws }
}

function conditionBlock(draw: Draw): JsonValue {
  const { rng } = draw
  const block: Record<string, Record<string, JsonValue>> = {}
  const tests = 1 + int(rng, 3)
  for (let i = 0; i < tests; i++) {
    const spec = pick(rng, KEYS)
    draw.keysUsed.add(spec.key)
    // Operators match the key's type: AWS documents no outcome for, say, NotIpAddress on a
    // number. ARN keys also take string operators, which the key reference allows.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    const family: Family = spec.family === 'arn' && chance(rng, 0.25) ? 'string' : spec.family
    const operator = operatorFor(rng, spec, family)
    const values =
      operator === 'Null' ? [pick(rng, ['true', 'false'])] : conditionValues(draw, spec, operator)
    const byKey = (block[operator] ??= {})
    byKey[spec.key] = values.length === 1 && chance(rng, 0.6) ? (values[0] ?? '') : values
  }
  return block
}

function operatorFor(rng: Rng, spec: KeySpec, family: Family): string {
  if (chance(rng, 0.08)) return 'Null'
  const base = pick(rng, OPERATORS[family])
  const ifExists = chance(rng, 0.2) ? 'IfExists' : ''
  // AWS requires a set operator on multivalued keys and leaves a plain one undefined.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  const qualifier = chance(rng, spec.multi === true ? 1 : 0.1)
    ? pick(rng, ['ForAnyValue:', 'ForAllValues:'])
    : ''
  return `${qualifier}${base}${ifExists}`
}

function conditionValues(draw: Draw, spec: KeySpec, operator: string): string[] {
  const { rng } = draw
  const stringy = /String/.test(operator)
  return unique(
    some(rng, 1, 3, () => {
      if (stringy && chance(rng, 0.2)) {
        const value = pick(rng, STRING_VARIABLE_VALUES)
        for (const m of value.matchAll(/\$\{([^},]+)/g)) {
          const key = m[1]
          if (key !== undefined && !['*', '?', '$'].includes(key)) draw.keysUsed.add(key)
        }
        return value
      }
      const value = pick(rng, spec.policy)
      for (const m of value.matchAll(/\$\{([^},]+)/g)) {
        if (m[1] !== undefined) draw.keysUsed.add(m[1])
      }
      return value
    }),
  )
}

function drawContext(draw: Draw): ContextInput {
  const { rng } = draw
  const context: ContextInput = {}
  const specs = new Map(KEYS.map((k) => [k.key, k]))
  // Sometimes an unrelated key too: a key no policy reads must change nothing.
  const keys = [...draw.keysUsed, ...(chance(rng, 0.3) ? [pick(rng, KEYS).key] : [])]
  for (const key of unique(keys).sort()) {
    const spec = specs.get(key)
    if (spec === undefined) continue
    if (spec.derived === true) {
      if (chance(rng, 0.12)) context[key] = scalar(rng, pick(rng, spec.request))
      continue
    }
    // Missing sometimes, so absent-key rules (negation, IfExists, ForAllValues, Null) are hit.
    if (chance(rng, 0.25)) continue
    const value = pick(rng, spec.request)
    context[key] =
      spec.multi === true ? (typeof value === 'string' ? [value] : [...value]) : scalar(rng, value)
  }
  return context
}

function scalar(rng: Rng, value: string | readonly string[]): string {
  return typeof value === 'string' ? value : pick(rng, value)
}
