/**
 * One environment's `status`, read over a session to its account: the plan (for drift, and to
 * know which users exist), the rotation journal, each user's keys and last uses, and at account
 * scope every other user of the account; then the key audit over all of it.
 */
import { auditKeys } from '../analyze/key-audit.ts'
import type { EnvironmentStatus } from '../analyze/status-result.ts'
import { AwsRotationPort } from '../aws/rotation-port.ts'
import type { AwsSession } from '../aws/session.ts'
import { pool } from '../keys/pool.ts'
import { readKeyedStatus, readUserKeys } from '../keys/status.ts'
import { rotationTargets } from '../keys/targets.ts'
import type { ManifestSource } from '../manifest/load.ts'
import type { AccountState } from '../model/account-state.ts'
import type { Drift, IdentityStatus, UnmanagedUser } from '../model/key-status.ts'
import type { ResolvedEnvironment, ResolvedUser } from '../model/resolved.ts'
import { TAG_PROJECT } from '../model/tags.ts'
import type { Plan } from '../plan/plan.ts'
import { planWith } from './planning.ts'
import { openRecordBook } from './record-book.ts'

/** Users read at once: each costs a few IAM reads, which the session's limits pace. */
const CONCURRENCY = 16

export interface StatusRequest {
  readonly source: ManifestSource
  readonly desired: ResolvedEnvironment
  /** Only these identities (logical ids); all users when empty. */
  readonly ids: readonly string[]
  readonly now: Date
  readonly account: boolean
}

export async function readEnvironmentStatus(
  session: AwsSession,
  request: StatusRequest,
): Promise<EnvironmentStatus> {
  const { desired, now } = request
  const port = new AwsRotationPort(session)
  const [{ plan, actual }, book] = await Promise.all([
    planWith(session, request.source, desired, false),
    openRecordBook(session, desired),
  ])
  // A named id must be a user with a key, as for rotate; without ids every user is read.
  const targets = rotationTargets(desired, request.ids)
  const users = desired.identities.filter(
    (i): i is ResolvedUser =>
      i.type === 'user' && (request.ids.length === 0 ? true : targets.some((t) => t.id === i.id)),
  )
  const identities = await pool(users, CONCURRENCY, async (user): Promise<IdentityStatus> => {
    const exists = !plan.ops.some((o) => o.kind === 'user' && o.id === user.id && o.op === 'create')
    const target = targets.find((t) => t.id === user.id)
    const base = {
      id: user.id,
      user: user.name,
      ...(user.key === undefined
        ? {}
        : { store: { type: user.key.store.type, name: user.key.store.name } }),
      exists,
      drift: driftOf(plan, user.id),
    }
    if (!exists) return { ...base, keys: [] }
    if (target === undefined) return { ...base, keys: await readUserKeys(port, user.name, now) }
    return { ...base, ...(await readKeyedStatus(port, book, target, now)) }
  })
  const unmanaged = request.account ? await readUnmanaged(actual, port, desired, now) : undefined
  const findings = auditKeys({
    environment: desired.environment.name,
    identities: users.flatMap((user, i) => {
      const status = identities[i]
      return status === undefined ? [] : [{ status, arn: user.arn, source: user.source }]
    }),
    unmanaged: unmanaged ?? [],
  })
  return {
    environment: desired.environment.name,
    account: desired.environment.account,
    region: desired.environment.region,
    identities,
    ...(unmanaged === undefined ? {} : { unmanaged }),
    findings,
  }
}

/** What the next apply would change for this identity: its user, policies, store and key. */
function driftOf(plan: Plan, id: string): Drift[] {
  return plan.ops
    .filter((o) => o.id === id && o.op !== 'no-op' && o.kind !== 'registry')
    .map((o) => ({
      op: o.op,
      kind: o.kind,
      name: o.name,
      properties: o.diffs.map((d) => d.property),
    }))
}

async function readUnmanaged(
  actual: AccountState,
  port: AwsRotationPort,
  desired: ResolvedEnvironment,
  now: Date,
): Promise<UnmanagedUser[]> {
  const declared = new Set(
    desired.identities.filter((i) => i.type === 'user').map((i) => i.name.toLowerCase()),
  )
  // IAM user names are unique regardless of case.
  const others = actual.users.filter((u) => !declared.has(u.name.toLowerCase()))
  return pool(others, CONCURRENCY, async (u) => {
    const project = u.tags[TAG_PROJECT]
    return {
      user: u.name,
      arn: u.arn,
      ...(project === undefined ? {} : { project }),
      keys: await readUserKeys(port, u.name, now),
    }
  })
}
