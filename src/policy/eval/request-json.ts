/**
 * The JSON form of an evaluation request, one per line in `keyward eval --batch`:
 * `{"id","principal","action","resource","context"?,"identityPolicies":[doc…],
 *   "resourcePolicy"?:doc,"permissionBoundaries"?:[doc…],"scps"?:[[doc…]…],"sessionPolicy"?:doc}`
 * A line that cannot be evaluated becomes an error value, never an exception, so one bad line
 * does not stop a batch.
 */
import type { AuthorizationRequest, AuthorizationResult, PolicySet } from './authorize.ts'
import { formatFormula } from './formula.ts'
import { parsePolicy, type Policy, type PolicyKind } from './policy.ts'

export type LineError = {
  readonly code: 'invalid-json' | 'invalid-request' | 'invalid-policy'
  readonly message: string
}

export type ParsedLine =
  | { readonly kind: 'ok'; readonly id: unknown; readonly request: AuthorizationRequest }
  | { readonly kind: 'error'; readonly id: unknown; readonly error: LineError }

export function parseRequestLine(line: string): ParsedLine {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { kind: 'error', id: null, error: { code: 'invalid-json', message } }
  }
  if (!isObject(value)) return invalid(null, 'invalid-request', 'A request must be a JSON object.')
  const id = value['id'] ?? null
  for (const field of ['principal', 'action', 'resource'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      return invalid(id, 'invalid-request', `"${field}" must be a non-empty string.`)
    }
  }
  const context = value['context']
  if (context !== undefined && !isContext(context)) {
    return invalid(id, 'invalid-request', '"context" must map keys to strings or lists of strings.')
  }
  const mode = value['mode']
  if (mode !== undefined && mode !== 'strict' && mode !== 'unknown') {
    return invalid(id, 'invalid-request', '"mode" must be "strict" or "unknown".')
  }
  const policies = policiesOf(value)
  if ('message' in policies) return invalid(id, 'invalid-policy', policies.message)
  const resourceAccount = value['resourceAccount']
  return {
    kind: 'ok',
    id,
    request: {
      principal: value['principal'] as string,
      action: value['action'] as string,
      resource: value['resource'] as string,
      ...(context === undefined ? {} : { context }),
      ...(typeof resourceAccount === 'string' ? { resourceAccount } : {}),
      ...(mode === undefined ? {} : { mode }),
      policies,
    },
  }
}

/** The output line: `{"id","decision","reasons"}`, plus what an implicit or conditional answer needs. */
export function resultLine(id: unknown, result: AuthorizationResult): Record<string, unknown> {
  return {
    id,
    decision: result.decision,
    reasons: result.reasons,
    ...(result.decision === 'ImplicitlyDenied' ? { gaps: result.gaps } : {}),
    ...(result.condition === undefined ? {} : { condition: formatFormula(result.condition) }),
  }
}

export function errorLine(id: unknown, error: LineError): Record<string, unknown> {
  return { id, error }
}

function policiesOf(value: Record<string, unknown>): PolicySet | { message: string } {
  const errors: string[] = []
  const one = (document: unknown, name: string, kind: PolicyKind): Policy | undefined => {
    const parsed = parsePolicy(document, name, kind)
    if (parsed.kind === 'ok') return parsed.policy
    errors.push(...parsed.errors.map((e) => e.message))
    return undefined
  }
  const many = (key: string, kind: PolicyKind): Policy[] => {
    const list = value[key]
    if (list === undefined) return []
    if (!Array.isArray(list)) {
      errors.push(`"${key}" must be a list of policy documents.`)
      return []
    }
    return list.flatMap((d: unknown, i) => one(d, `${key}[${i}]`, kind) ?? [])
  }
  const identity = many('identityPolicies', 'identity')
  const boundaries = many('permissionBoundaries', 'boundary')
  const rawScps = value['scps']
  const scps: Policy[][] = []
  if (rawScps !== undefined) {
    if (!Array.isArray(rawScps) || !rawScps.every((level) => Array.isArray(level))) {
      errors.push('"scps" must be a list of levels, each a list of policy documents, root first.')
    } else {
      rawScps.forEach((level: unknown[], l) =>
        scps.push(level.flatMap((d, i) => one(d, `scps[${l}][${i}]`, 'scp') ?? [])),
      )
    }
  }
  const resource =
    value['resourcePolicy'] === undefined
      ? undefined
      : one(value['resourcePolicy'], 'resourcePolicy', 'resource')
  const session =
    value['sessionPolicy'] === undefined
      ? undefined
      : one(value['sessionPolicy'], 'sessionPolicy', 'session')
  if (errors.length > 0) return { message: errors.join(' ') }
  return {
    identity,
    boundaries,
    scps,
    ...(resource === undefined ? {} : { resource }),
    ...(session === undefined ? {} : { session }),
  }
}

function invalid(id: unknown, code: LineError['code'], message: string): ParsedLine {
  return { kind: 'error', id, error: { code, message } }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isContext(value: unknown): value is Record<string, string | string[]> {
  return (
    isObject(value) &&
    Object.values(value).every(
      (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
    )
  )
}
