/**
 * What keyward owns but the manifest no longer declares: deleted only with --allow-delete, in an
 * order IAM accepts — stores and keys, then users and roles, then groups, then policies.
 */
import type { ActualUser } from '../model/account-state.ts'
import type { ResolvedStore } from '../model/resolved.ts'
import { journalName } from '../model/rotation-journal.ts'
import { ownedId, TAG_ENV, TAG_ID, TAG_KEY_ID, TAG_PROJECT } from '../model/tags.ts'
import { keyHint, type PlanContext } from './context.ts'
import type { Op, ResourceKind } from './plan.ts'
import type { Step } from './steps.ts'
import { deleteGroupOp, registeredGroup } from './plan-groups.ts'
import { deletePolicyOp } from './plan-policies.ts'
import { policyKey } from './registry.ts'

/** Secrets Manager's own default, used when the manifest no longer says. */
const DEFAULT_RECOVERY_DAYS = 30

export function planDeletes(cx: PlanContext): Op[] {
  const declared = new Map(cx.desired.identities.map((i) => [i.id, i]))
  const ops: Op[] = []
  const del = (
    kind: ResourceKind,
    id: string,
    name: string,
    steps: Step[],
    note?: string,
  ): void => {
    ops.push({
      op: 'delete',
      kind,
      id,
      name,
      diffs: [],
      steps,
      ...(note === undefined ? {} : { note }),
      ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
    })
  }
  const usersById = new Map<string, ActualUser>()
  for (const user of cx.actual.users) {
    const id = ownedId(user.tags, cx.owner)
    if (id !== undefined) usersById.set(id, user)
  }
  // A store goes when its identity is gone, has no key any more, or keeps it in the other kind
  // of store (the mint into that one replaces the key). A user left without a key loses the key
  // it recorded too — once, whichever stores it had.
  const keyless = new Set<string>()
  const stale = (id: string, type: ResolvedStore['type']): boolean => {
    const identity = declared.get(id)
    if (identity?.type !== 'user') return true
    if (identity.key === undefined) keyless.add(id)
    return identity.key?.store.type !== type
  }
  for (const secret of cx.actual.secrets) {
    const id = ownedId(secret.tags, cx.owner)
    if (id === undefined || secret.deleted || !stale(id, 'secretsmanager')) continue
    del('secret', id, secret.name, [
      { kind: 'delete-secret', name: secret.name, recoveryWindowDays: DEFAULT_RECOVERY_DAYS },
    ])
  }
  for (const parameter of cx.actual.parameters) {
    if (
      parameter.tags[TAG_PROJECT] !== cx.owner.project ||
      parameter.tags[TAG_ENV] !== cx.owner.environment
    )
      continue
    const id = parameter.tags[TAG_ID]
    if (id === undefined || !stale(id, 'ssm')) continue
    del('parameter', id, parameter.name, [{ kind: 'delete-parameter', name: parameter.name }])
  }
  for (const id of keyless) {
    const user = usersById.get(id)
    const recorded = cx.actual.rotations?.get(id)?.cur ?? user?.tags[TAG_KEY_ID]
    if (user === undefined || recorded === undefined) continue
    del(
      'access-key',
      id,
      `${keyHint(recorded)} of ${user.name}`,
      [{ kind: 'delete-recorded-key', user: user.name, id, journal: journalName(cx.owner) }],
      'the user no longer declares a key; the user stays',
    )
  }
  for (const [id, user] of usersById) {
    if (!declared.has(id)) del('user', id, user.name, [{ kind: 'delete-user', user: user.name }])
  }
  for (const role of cx.actual.roles) {
    const id = ownedId(role.tags, cx.owner)
    if (id !== undefined && !declared.has(id))
      del('role', id, role.name, [{ kind: 'delete-role', role: role.name }])
  }
  for (const group of cx.actual.groups) {
    const id = registeredGroup(cx.actual.registry.groups, group.name)
    if (id !== undefined && !declared.has(id)) ops.push(deleteGroupOp(cx, id, group.name))
  }
  const policies = new Set(cx.desired.policies.map((p) => p.id))
  for (const policy of cx.actual.policies) {
    const id = cx.actual.registry.policies[policyKey(policy.arn)]
    if (id !== undefined && !policies.has(id))
      ops.push(deletePolicyOp(cx, id, policy.name, policy.arn))
  }
  return ops
}
