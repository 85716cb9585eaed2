/**
 * Policies as the evaluator reads them: IAM JSON in any of its legal shapes (a string or a list
 * for Action and Resource, every form of Principal, one statement or many) turned once into a
 * uniform structure, or into precise errors when the JSON is not a policy IAM would accept.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { parseOperator, type ConditionOperator } from '../condition-operators.ts'

export type PolicyKind = 'identity' | 'resource' | 'boundary' | 'scp' | 'session'

export interface ConditionTest {
  /** As written, e.g. `ForAnyValue:StringLike`. */
  readonly text: string
  readonly operator: ConditionOperator
  readonly key: string
  readonly values: readonly string[]
}

/** Who a resource policy statement is about. `*` is anyone. */
export interface PrincipalSet {
  readonly any: boolean
  readonly aws: readonly string[]
  readonly service: readonly string[]
  readonly federated: readonly string[]
  readonly canonicalUser: readonly string[]
}

export interface Statement {
  readonly index: number
  readonly sid?: string
  readonly effect: 'Allow' | 'Deny'
  /** Exactly one of actions / notActions is set. */
  readonly actions?: readonly string[]
  readonly notActions?: readonly string[]
  readonly resources?: readonly string[]
  readonly notResources?: readonly string[]
  readonly principal?: PrincipalSet
  readonly notPrincipal?: PrincipalSet
  readonly conditions: readonly ConditionTest[]
}

export interface Policy {
  readonly name: string
  readonly kind: PolicyKind
  readonly statements: readonly Statement[]
}

export interface PolicyError {
  readonly code: 'invalid-json' | 'invalid-policy'
  readonly message: string
}

export type ParsedPolicy =
  | { readonly kind: 'ok'; readonly policy: Policy }
  | { readonly kind: 'error'; readonly errors: readonly PolicyError[] }

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])

/** Reads one policy document (already JSON-parsed). */
export function parsePolicy(document: unknown, name: string, kind: PolicyKind): ParsedPolicy {
  const errors: string[] = []
  if (!isObject(document)) return fail([`Policy "${name}" is not a JSON object.`])
  const version = document['Version']
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    errors.push(`Version must be "2012-10-17", not ${JSON.stringify(version)}.`)
  }
  const raw = document['Statement']
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? undefined : [raw]
  if (list === undefined) return fail([`Policy "${name}" has no Statement.`])
  const statements: Statement[] = []
  list.forEach((entry, index) => {
    const parsed = parseStatement(entry, index, kind, (message) =>
      errors.push(`Statement ${index}: ${message}`),
    )
    if (parsed !== undefined) statements.push(parsed)
  })
  if (errors.length > 0) return fail(errors.map((e) => `${name}: ${e}`))
  return { kind: 'ok', policy: { name, kind, statements } }
}

function fail(messages: readonly string[]): ParsedPolicy {
  return { kind: 'error', errors: messages.map((message) => ({ code: 'invalid-policy', message })) }
}

function parseStatement(
  entry: unknown,
  index: number,
  kind: PolicyKind,
  error: (message: string) => void,
): Statement | undefined {
  if (!isObject(entry)) {
    error('is not a JSON object.')
    return undefined
  }
  for (const key of Object.keys(entry))
    if (!STATEMENT_KEYS.has(key)) error(`unknown element "${key}".`)
  const effect = entry['Effect']
  if (effect !== 'Allow' && effect !== 'Deny') error('Effect must be "Allow" or "Deny".')
  const actions = stringList(entry, 'Action', error)
  const notActions = stringList(entry, 'NotAction', error)
  const resources = stringList(entry, 'Resource', error)
  const notResources = stringList(entry, 'NotResource', error)
  const principal = principalSet(entry, 'Principal', error)
  const notPrincipal = principalSet(entry, 'NotPrincipal', error)
  if ((actions === undefined) === (notActions === undefined))
    error('needs exactly one of Action and NotAction.')
  if (resources !== undefined && notResources !== undefined)
    error('has both Resource and NotResource.')
  if (kind === 'resource' && principal === undefined && notPrincipal === undefined) {
    error('a resource policy statement needs Principal or NotPrincipal.')
  }
  if (kind !== 'resource' && (principal !== undefined || notPrincipal !== undefined)) {
    error(`a ${kind} policy cannot have Principal or NotPrincipal.`)
  }
  if (
    kind !== 'resource' &&
    resources === undefined &&
    notResources === undefined &&
    kind !== 'scp'
  ) {
    error('needs Resource or NotResource.')
  }
  const conditions = conditionTests(entry['Condition'], error)
  const sid = entry['Sid']
  if (sid !== undefined && typeof sid !== 'string') error('Sid must be a string.')
  if (effect !== 'Allow' && effect !== 'Deny') return undefined
  return {
    index,
    ...(typeof sid === 'string' ? { sid } : {}),
    effect,
    ...(actions === undefined ? {} : { actions }),
    ...(notActions === undefined ? {} : { notActions }),
    // SCPs may leave Resource out; it then means every resource.
    ...(resources === undefined && notResources === undefined ? { resources: ['*'] } : {}),
    ...(resources === undefined ? {} : { resources }),
    ...(notResources === undefined ? {} : { notResources }),
    ...(principal === undefined ? {} : { principal }),
    ...(notPrincipal === undefined ? {} : { notPrincipal }),
    conditions,
  }
}

function stringList(
  entry: Record<string, unknown>,
  key: string,
  error: (message: string) => void,
): string[] | undefined {
  const value = entry[key]
  if (value === undefined) return undefined
  const list = Array.isArray(value) ? (value as unknown[]) : [value]
  if (list.length === 0 || !list.every((v) => typeof v === 'string')) {
    error(`${key} must be a string or a non-empty list of strings.`)
    return undefined
  }
  return list
}

function principalSet(
  entry: Record<string, unknown>,
  key: 'Principal' | 'NotPrincipal',
  error: (message: string) => void,
): PrincipalSet | undefined {
  const value = entry[key]
  if (value === undefined) return undefined
  const empty = { any: false, aws: [], service: [], federated: [], canonicalUser: [] }
  if (value === '*') return { ...empty, any: true }
  if (!isObject(value)) {
    error(`${key} must be "*" or an object such as {"AWS": [...]}.`)
    return undefined
  }
  const out: { -readonly [K in keyof PrincipalSet]: PrincipalSet[K] } = { ...empty }
  for (const [field, raw] of Object.entries(value)) {
    const name = PRINCIPAL_FIELDS.get(field)
    const list = Array.isArray(raw) ? (raw as unknown[]) : [raw]
    if (name === undefined || list.length === 0 || !list.every((v) => typeof v === 'string')) {
      error(`${key} has an invalid entry "${field}".`)
      continue
    }
    out[name] = list
    if (name === 'aws' && list.includes('*')) out.any = true
  }
  return out
}

const PRINCIPAL_FIELDS = new Map<string, 'aws' | 'service' | 'federated' | 'canonicalUser'>([
  ['AWS', 'aws'],
  ['Service', 'service'],
  ['Federated', 'federated'],
  ['CanonicalUser', 'canonicalUser'],
])

function conditionTests(raw: unknown, error: (message: string) => void): ConditionTest[] {
  if (raw === undefined) return []
  if (!isObject(raw)) {
    error('Condition must be an object.')
    return []
  }
  const tests: ConditionTest[] = []
  for (const [text, block] of Object.entries(raw)) {
    const operator = parseOperator(text)
    if (operator === undefined) {
      error(`unknown condition operator "${text}".`)
      continue
    }
    if (!isObject(block)) {
      error(`condition "${text}" must map keys to values.`)
      continue
    }
    for (const [key, value] of Object.entries(block)) {
      const list = Array.isArray(value) ? (value as unknown[]) : [value]
      if (
        !list.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      ) {
        error(
          `condition "${text}" on "${key}" has a value that is not a string, number or boolean.`,
        )
        continue
      }
      tests.push({ text, operator, key, values: list.map(String) })
    }
  }
  return tests
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
