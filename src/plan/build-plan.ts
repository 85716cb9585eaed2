/**
 * Desired against actual, in the order apply must follow: the registry's intent first (so a run
 * cut short still knows what it created), then managed policies, groups, users, the OIDC
 * providers roles trust (IAM refuses a trust naming a provider that does not exist), roles,
 * stores and their keys; deletions last, dependents before what they depend on; then the
 * registry as it ends up. Pure: the same inputs always give the same plan.
 */
import type { AccountState, Registry } from '../model/account-state.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { TAG_ENV, TAG_MANAGED, TAG_PROJECT } from '../model/tags.ts'
import type { PermissionDiffer } from './broadening.ts'
import type { PlanContext } from './context.ts'
import { stateFingerprint } from './fingerprint.ts'
import { planDeletes } from './plan-deletes.ts'
import { planGroup, registeredGroup } from './plan-groups.ts'
import { planOidcProviders, planRetiredOidcProviders } from './plan-oidc-providers.ts'
import { planPolicy } from './plan-policies.ts'
import { planRole } from './plan-roles.ts'
import { planStore } from './plan-stores.ts'
import { planUser } from './plan-users.ts'
import { PLAN_FORMAT, summarize, type Op, type Plan, type ResourceKind } from './plan.ts'
import { mergeRegistry, policyKey, sameRegistry } from './registry.ts'
import { scopeOf } from './scope.ts'

export interface PlanInput {
  readonly desired: ResolvedEnvironment
  readonly actual: AccountState
  readonly manifest: { readonly file: string; readonly hash: string }
  readonly allowDelete: boolean
  readonly differ: PermissionDiffer
  readonly createdAt: string
}

/** Deletions run in this order: what holds a reference goes before what it refers to. */
const DELETE_ORDER: readonly ResourceKind[] = [
  'secret',
  'parameter',
  'access-key',
  'user',
  'role',
  // After the roles that trusted it: those are gone or trust something else by then.
  'oidc-provider',
  'group',
  'policy',
  'registry',
]

export function buildPlan(input: PlanInput): Plan {
  const { desired, actual } = input
  const scope = scopeOf(desired)
  const cx: PlanContext = {
    desired,
    actual,
    owner: scope.owner,
    allowDelete: input.allowDelete,
    differ: input.differ,
    conflicts: [],
    groupRenames: new Map(),
    documents: documentsOf(desired, actual),
  }
  const changes: Op[] = []
  for (const policy of desired.policies) changes.push(...planPolicy(cx, policy))
  for (const identity of desired.identities)
    if (identity.type === 'group') changes.push(...planGroup(cx, identity))
  for (const identity of desired.identities) {
    if (identity.type !== 'user') continue
    const op = planUser(cx, identity)
    if (op !== undefined) changes.push(op)
  }
  changes.push(...planOidcProviders(cx))
  for (const identity of desired.identities)
    if (identity.type === 'role') changes.push(...planRole(cx, identity))
  changes.push(...planRetiredOidcProviders(cx))
  for (const identity of desired.identities)
    if (identity.type === 'user') changes.push(...planStore(cx, identity))
  const deletes = [...changes.filter((op) => op.op === 'delete'), ...planDeletes(cx)]
  deletes.sort((a, b) => DELETE_ORDER.indexOf(a.kind) - DELETE_ORDER.indexOf(b.kind))
  const ops = [...changes.filter((op) => op.op !== 'delete'), ...deletes]
  const declared = declaredRegistry(desired)
  const intent = mergeRegistry(actual.registry, declared)
  const final = mergeRegistry(remaining(actual, ops, cx.groupRenames), declared)
  const registryOps: Op[] = []
  if (!sameRegistry(intent, actual.registry))
    registryOps.push(registryOp(scope.registry, scope.owner, actual.registry, intent, 'intent'))
  const after = registryOps.length > 0 ? intent : actual.registry
  const closing = sameRegistry(final, after)
    ? []
    : [registryOp(scope.registry, scope.owner, after, final, 'result')]
  const all = [...registryOps, ...ops, ...closing]
  return {
    format: PLAN_FORMAT,
    scope,
    manifest: input.manifest,
    state: stateFingerprint(actual, scope),
    createdAt: input.createdAt,
    ops: all,
    conflicts: cx.conflicts,
    summary: summarize(all),
  }
}

function documentsOf(desired: ResolvedEnvironment, actual: AccountState): PlanContext['documents'] {
  const before = new Map(actual.policies.map((p) => [p.arn, p.document]))
  const after = new Map(desired.policies.map((p) => [p.arn, p.policy.document as unknown]))
  return {
    before: (arn) => before.get(arn),
    after: (arn) => (after.has(arn) ? after.get(arn) : before.get(arn)),
  }
}

/** The groups and managed policies the manifest declares, under their declared names. */
function declaredRegistry(desired: ResolvedEnvironment): Registry {
  const groups: Record<string, string> = {}
  for (const i of desired.identities) if (i.type === 'group') groups[i.name] = i.id
  const policies: Record<string, string> = {}
  for (const p of desired.policies) policies[policyKey(p.arn)] = p.id
  return { groups, policies }
}

/**
 * Recorded resources that will still exist once the plan is applied: not renamed away, not
 * deleted — a delete held back for --allow-delete stays recorded, so a later run can do it.
 */
function remaining(
  actual: AccountState,
  ops: readonly Op[],
  renames: ReadonlyMap<string, string>,
): Registry {
  const deleted = new Set<string>()
  for (const op of ops) {
    if (op.op !== 'delete' || op.blocked !== undefined) continue
    for (const step of op.steps) {
      if (step.kind === 'delete-group') deleted.add(`group:${step.group.toLowerCase()}`)
      if (step.kind === 'delete-policy') deleted.add(`policy:${policyKey(step.arn)}`)
    }
  }
  const groups: Record<string, string> = {}
  for (const g of actual.groups) {
    const id = registeredGroup(actual.registry.groups, g.name)
    if (id === undefined || renames.has(g.name) || deleted.has(`group:${g.name.toLowerCase()}`))
      continue
    groups[g.name] = id
  }
  const policies: Record<string, string> = {}
  for (const p of actual.policies) {
    const key = policyKey(p.arn)
    const id = actual.registry.policies[key]
    if (id !== undefined && !deleted.has(`policy:${key}`)) policies[key] = id
  }
  return { groups, policies }
}

function registryOp(
  name: string,
  owner: PlanContext['owner'],
  before: Registry,
  after: Registry,
  phase: 'intent' | 'result',
): Op {
  const empty = Object.keys(before.groups).length + Object.keys(before.policies).length === 0
  return {
    op: empty ? 'create' : 'update',
    kind: 'registry',
    id: owner.project,
    name,
    diffs: [{ property: 'records', before, after }],
    steps: [
      {
        kind: 'put-registry',
        name,
        registry: after,
        tags: { [TAG_MANAGED]: 'true', [TAG_PROJECT]: owner.project, [TAG_ENV]: owner.environment },
      },
    ],
    note:
      phase === 'intent'
        ? 'recorded before the groups and policies it names are created or renamed'
        : 'what keyward owns once this plan is applied',
  }
}
