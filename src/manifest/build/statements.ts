import type { ConditionBlock, Effect, PolicyStatement } from '../../model/policy-document.ts'
import type { SourceLocation } from '../../model/resolved.ts'
import type { StatementSpec } from '../spec/statements.ts'
import type { Path } from '../yaml-source.ts'
import { mapAll, resolveAll, type BuildContext } from './context.ts'

export interface BuiltStatements {
  readonly statements: PolicyStatement[]
  readonly sources: SourceLocation[]
}

const IN_POLICY = { policyVariables: true } as const

/** The statements of `allow` then `deny`, in the order written; undefined if any failed. */
export function buildStatements(
  cx: BuildContext,
  allow: readonly StatementSpec[] | undefined,
  deny: readonly StatementSpec[] | undefined,
  base: Path,
): BuiltStatements | undefined {
  const withEffect = (list: readonly StatementSpec[] | undefined, effect: Effect, key: string) =>
    (list ?? []).map((spec, index) => ({ spec, effect, path: [...base, key, index] }))
  const entries = [...withEffect(allow, 'Allow', 'allow'), ...withEffect(deny, 'Deny', 'deny')]
  const built = mapAll(entries, ({ spec, effect, path }) => {
    const statement = buildStatement(cx, spec, effect, path)
    return statement === undefined ? undefined : { statement, source: cx.locate(path) }
  })
  if (built === undefined) return undefined
  return { statements: built.map((b) => b.statement), sources: built.map((b) => b.source) }
}

function buildStatement(
  cx: BuildContext,
  spec: StatementSpec,
  effect: Effect,
  path: Path,
): PolicyStatement | undefined {
  const field = (values: readonly string[] | undefined, key: string, inPolicy: boolean) =>
    values === undefined
      ? undefined
      : resolveAll(cx, values, [...path, key], inPolicy ? IN_POLICY : {})
  const action = field(spec.actions, 'actions', false)
  const notAction = field(spec.notActions, 'notActions', false)
  const resource = field(spec.resources, 'resources', true)
  const notResource = field(spec.notResources, 'notResources', true)
  const condition =
    spec.conditions === undefined
      ? undefined
      : buildConditions(cx, spec.conditions, [...path, 'conditions'])
  const failed =
    (spec.actions !== undefined && action === undefined) ||
    (spec.notActions !== undefined && notAction === undefined) ||
    (spec.resources !== undefined && resource === undefined) ||
    (spec.notResources !== undefined && notResource === undefined) ||
    (spec.conditions !== undefined && condition === undefined)
  if (failed) return undefined
  return {
    ...(spec.sid === undefined ? {} : { Sid: spec.sid }),
    Effect: effect,
    ...(action === undefined ? {} : { Action: action }),
    ...(notAction === undefined ? {} : { NotAction: notAction }),
    ...(resource === undefined ? {} : { Resource: resource }),
    ...(notResource === undefined ? {} : { NotResource: notResource }),
    ...(condition === undefined ? {} : { Condition: condition }),
  }
}

/** Condition keys may use references (an issuer host); values may also use policy variables. */
export function buildConditions(
  cx: BuildContext,
  spec: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>,
  path: Path,
): ConditionBlock | undefined {
  const block = mapAll(Object.entries(spec), ([operator, keys]) => {
    const entries = mapAll(Object.entries(keys), ([key, values]) => {
      const keyPath = [...path, operator, key]
      const resolvedKey = cx.resolver.template(key, { path: keyPath, part: 'key' })
      const resolvedValues = resolveAll(cx, values, keyPath, IN_POLICY)
      return resolvedKey === undefined || resolvedValues === undefined
        ? undefined
        : ([resolvedKey, resolvedValues] as const)
    })
    return entries === undefined ? undefined : ([operator, Object.fromEntries(entries)] as const)
  })
  return block === undefined ? undefined : Object.fromEntries(block)
}
