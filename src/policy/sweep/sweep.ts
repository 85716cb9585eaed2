/**
 * Effective permissions of a principal over the whole IAM catalog: every action some request
 * could be allowed, on which resource patterns, and under which conditions. Statements are
 * indexed by the actions they name, so each action looks only at the statements that can apply
 * to it instead of evaluating every policy 22,000 times.
 *
 * The answer is existential and sound: an action is listed if any resource and any context could
 * allow it. A deny removes a resource pattern only when it covers all of it unconditionally, so
 * nothing that could be allowed is ever left out.
 */
import { resourceMatchesFormat, intersects, tokensOfResource } from '../arn-match.ts'
import type { PolicySet } from '../eval/authorize.ts'
import { evaluateTest } from '../eval/conditions.ts'
import { RequestContext, type ContextValues } from '../eval/context.ts'
import { and, not, or, type Formula } from '../eval/formula.ts'
import type { Policy, Statement } from '../eval/policy.ts'
import { derivedContext, principalInfo } from '../eval/principal.ts'
import { expand, partsText } from '../eval/variables.ts'
import type { ActionSet, ActionTable, CatalogAction } from './action-table.ts'
import { covers } from './cover.ts'

export interface SweepRequest {
  readonly principal: string
  /** Resource policies are per resource and are ignored here. */
  readonly policies: PolicySet
  readonly context?: ContextValues
}

export interface AllowedAction {
  readonly action: string
  readonly service: string
  readonly accessLevel: string
  /** Resource patterns some request on which could be allowed; `*` for actions without types. */
  readonly resources: readonly string[]
  /** True when it depends on context nobody supplied (tags, source IP, …). */
  readonly conditional: boolean
  readonly condition?: Formula
}

export interface SweepResult {
  readonly dataVersion: string
  readonly principal: string
  readonly allowed: readonly AllowedAction[]
}

/** A statement prepared once: its actions, resolved resource patterns and condition. */
interface Prepared {
  readonly effect: 'Allow' | 'Deny'
  readonly actions: ActionSet
  readonly negated: boolean
  readonly resources: readonly string[]
  readonly notResources: boolean
  readonly condition: Formula
}

type Layer = readonly Prepared[]

export function sweep(table: ActionTable, request: SweepRequest): SweepResult {
  const caller = principalInfo(request.principal)
  const context = new RequestContext('unknown', derivedContext(caller), request.context ?? {})
  const prepare = (policy: Policy): Prepared[] =>
    policy.statements.flatMap((s) =>
      prepareStatement(table, s, context, `${policy.name}#${s.index}`),
    )
  const { policies } = request
  const identity = (policies.identity ?? []).flatMap(prepare)
  const boundaries = (policies.boundaries ?? []).map(prepare)
  const scps = (policies.scps ?? []).map((level) => level.flatMap(prepare))
  const session =
    policies.session === undefined || caller.type === 'User' ? undefined : prepare(policies.session)
  const denies = [...identity, ...boundaries.flat(), ...scps.flat(), ...(session ?? [])].filter(
    (p) => p.effect === 'Deny',
  )
  const index = new StatementIndex(identity.filter((p) => p.effect === 'Allow'))
  const denyIndex = new StatementIndex(denies)
  const gates: Layer[] = [...boundaries, ...scps, ...(session === undefined ? [] : [session])].map(
    (layer) => layer.filter((p) => p.effect === 'Allow'),
  )
  const gateIndexes = gates.map((layer) => new StatementIndex(layer))

  const allowed: AllowedAction[] = []
  for (const action of table.actions) {
    const grants = index.statementsFor(action)
    if (grants.length === 0) continue
    const applicableDenies = denyIndex.statementsFor(action)
    const gateLists = gateIndexes.map((g) => g.statementsFor(action))
    if (gateLists.some((list) => list.length === 0)) continue
    const surviving: { pattern: string; condition: Formula }[] = []
    for (const grant of grants) {
      for (const pattern of candidatePatterns(grant, action)) {
        let condition = grant.condition
        for (const deny of applicableDenies) {
          if (denyCovers(deny, pattern)) condition = and(condition, not(deny.condition))
        }
        for (const list of gateLists) {
          condition = and(
            condition,
            or(...list.filter((g) => reaches(g, pattern, action)).map((g) => g.condition)),
          )
        }
        if (condition !== false) surviving.push({ pattern, condition })
      }
    }
    if (surviving.length === 0) continue
    const condition = or(...surviving.map((s) => s.condition))
    allowed.push({
      action: action.key,
      service: action.service,
      accessLevel: action.accessLevel,
      resources: [...new Set(surviving.map((s) => s.pattern))],
      conditional: condition !== true,
      ...(condition === true ? {} : { condition }),
    })
  }
  return { dataVersion: table.dataVersion, principal: request.principal, allowed }
}

function prepareStatement(
  table: ActionTable,
  statement: Statement,
  context: RequestContext,
  source: string,
): Prepared[] {
  const condition = and(...statement.conditions.map((test) => evaluateTest(test, context, source)))
  if (condition === false) return []
  const patterns = statement.actions ?? statement.notActions ?? []
  const sets = patterns.map((p) => table.expand(p))
  const actions: ActionSet = sets.some((s) => s.all)
    ? { all: true }
    : { all: false, ids: new Set(sets.flatMap((s) => (s.all ? [] : [...s.ids]))) }
  let resourceCondition: Formula = true
  const resources: string[] = []
  for (const raw of statement.resources ?? statement.notResources ?? []) {
    const expanded = expand(raw, context, true)
    if (expanded.kind === 'missing') continue
    if (expanded.kind === 'ok') resources.push(partsText(expanded.parts))
    else {
      // An unknown variable could be anything: widen it to `*` and remember the dependence.
      resources.push(raw.replace(/\$\{[^}]*\}/g, '*'))
      resourceCondition = {
        kind: 'condition',
        operator: 'ResourceMatches',
        key: expanded.keys.join(', '),
        values: [raw],
        source,
      }
    }
  }
  return [
    {
      effect: statement.effect,
      actions,
      negated: statement.notActions !== undefined,
      resources,
      notResources: statement.notResources !== undefined,
      condition: and(condition, resourceCondition),
    },
  ]
}

/** Statements indexed by the actions they name; NotAction and `*` statements apply broadly. */
class StatementIndex {
  private readonly byAction = new Map<number, Prepared[]>()
  private readonly broad: Prepared[] = []

  constructor(statements: readonly Prepared[]) {
    for (const statement of statements) {
      if (statement.negated || statement.actions.all) {
        this.broad.push(statement)
        continue
      }
      for (const id of statement.actions.ids) {
        const list = this.byAction.get(id)
        if (list === undefined) this.byAction.set(id, [statement])
        else list.push(statement)
      }
    }
  }

  statementsFor(action: CatalogAction): Prepared[] {
    const explicit = this.byAction.get(action.id) ?? []
    if (this.broad.length === 0) return explicit
    const broad = this.broad.filter((s) => {
      const listed = s.actions.all || s.actions.ids.has(action.id)
      return s.negated ? !listed : listed
    })
    return broad.length === 0 ? explicit : [...explicit, ...broad]
  }
}

const formatMatches = new Map<string, boolean>()

/** The grant's resource patterns that can name a resource of this action. */
function candidatePatterns(grant: Prepared, action: CatalogAction): string[] {
  if (grant.notResources) {
    // Everything except the listed resources: some resource of the action remains unless a
    // pure `*` is excluded.
    return grant.resources.some(isStar) ? [] : ['*']
  }
  if (action.formats.length === 0) return grant.resources.some(isStar) ? ['*'] : []
  return grant.resources.filter(
    (pattern) => isStar(pattern) || action.formats.some((f) => fits(pattern, f)),
  )
}

function fits(pattern: string, format: string): boolean {
  if (format === '*') return true
  const key = `${pattern}\u0000${format}`
  let known = formatMatches.get(key)
  if (known === undefined) {
    known = resourceMatchesFormat(pattern, format)
    formatMatches.set(key, known)
  }
  return known
}

function isStar(pattern: string): boolean {
  return /^\*+$/.test(pattern)
}

/** Whether the deny takes away all of the pattern (when its condition holds). */
function denyCovers(deny: Prepared, pattern: string): boolean {
  if (deny.notResources) return !deny.resources.some((r) => overlap(r, pattern))
  return deny.resources.some((r) => covers(r, pattern))
}

/** Whether a boundary, SCP or session statement allows some of the pattern. */
function reaches(gate: Prepared, pattern: string, action: CatalogAction): boolean {
  if (gate.notResources) return !gate.resources.some((r) => covers(r, pattern))
  if (action.formats.length === 0) return gate.resources.some(isStar)
  return gate.resources.some((r) => overlap(r, pattern))
}

function overlap(a: string, b: string): boolean {
  return isStar(a) || isStar(b) || intersects(tokensOfResource(a), tokensOfResource(b))
}
