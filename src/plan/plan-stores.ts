/**
 * A user's key and its store. A key is minted when none is recorded, when a mint was cut short,
 * when the store is gone or renamed, or when its format changed — keyward never reads a secret
 * back, so a changed format means a new key written in it. Otherwise only the store's settings
 * are brought in line.
 */
import type { ActualParameter, ActualSecret, ActualUser } from '../model/account-state.ts'
import type { KeyFormat, ResolvedUser, SecretsManagerStore, SsmStore } from '../model/resolved.ts'
import {
  TAG_ENV,
  TAG_FORMAT,
  TAG_ID,
  TAG_KEY_ID,
  TAG_MINT,
  TAG_POLICY,
  TAG_PROJECT,
} from '../model/tags.ts'
import { keyHint, retag, type PlanContext } from './context.ts'
import { digest } from './digest.ts'
import { normalizeDocument, sameDocument } from '../policy/documents.ts'
import { claimedBy, matchTagged, type Match } from './match.ts'
import type { Op, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

/** Recorded on the user with the key id, so a changed format is seen without reading the secret. */
export function formatDigest(format: KeyFormat | undefined): string {
  return digest(format ?? null, 12)
}

/**
 * Recorded on a secret with the resource policy keyward put on it. ListSecrets does not return
 * policies, so a matching digest spares a GetResourcePolicy per secret on every plan; the cost
 * is that a policy edited by hand, with the tag left as it was, goes unseen.
 */
export function policyDigest(policy: unknown): string {
  return digest(normalizeDocument(policy), 12)
}

export function planStore(cx: PlanContext, user: ResolvedUser): Op[] {
  const key = user.key
  if (key === undefined) return []
  const owner = matchTagged(cx.actual.users, cx.owner, user.id, user.name, user.adopt)
  const actualUser = owner.kind === 'owned' || owner.kind === 'adopt' ? owner.actual : undefined
  return key.store.type === 'secretsmanager'
    ? planSecret(cx, user, key.store, actualUser)
    : planParameter(cx, user, key.store, actualUser)
}

function conflict(
  cx: PlanContext,
  kind: 'secret' | 'parameter',
  user: ResolvedUser,
  name: string,
  reason: string,
): Op[] {
  cx.conflicts.push({
    kind,
    id: user.id,
    name,
    message: `A ${kind === 'secret' ? 'secret' : 'parameter'} named ${name} already exists, and ${reason}.`,
    hint: 'Add `adopt: true` to the identity to take the store over, or choose another store name.',
  })
  return []
}

/**
 * A store that is not there, or is there under an earlier name: a key is minted into the declared
 * one (the old store's key cannot be read back to move it), and a moved store's old one deleted.
 */
function mintInto<T extends { readonly name: string }>(
  user: ResolvedUser,
  kind: 'secret' | 'parameter',
  name: string,
  actual: T | undefined,
  recorded: string | undefined,
  after: readonly Step[],
  deleteOld: (old: T) => Op,
): Op[] {
  if (actual === undefined) {
    const why =
      recorded === undefined ? 'new store' : 'the store is gone: a new key replaces the lost one'
    return [mintOp(user, kind, name, recorded, why, after)]
  }
  const why = `the store moved from ${actual.name}: a new key is minted into it`
  const moved = mintOp(user, kind, name, recorded, why, after)
  return [{ ...moved, previousName: actual.name }, deleteOld(actual)]
}

function mintOp(
  user: ResolvedUser,
  kind: 'secret' | 'parameter',
  name: string,
  recorded: string | undefined,
  why: string,
  after: readonly Step[] = [],
): Op {
  const key = user.key
  if (key === undefined) return { op: 'no-op', kind, id: user.id, name, diffs: [], steps: [] }
  return {
    op: 'mint',
    kind,
    id: user.id,
    name,
    diffs: [
      {
        property: 'access key',
        ...(recorded === undefined
          ? {}
          : { before: `${keyHint(recorded)} (deleted once replaced)` }),
        after: `new key, written straight into ${name}`,
      },
    ],
    steps: [{ kind: 'mint-key', user: user.name, store: key.store, format: key.format }, ...after],
    note: why,
  }
}

/**
 * The key keyward last put in the identity's store. apply records the key it mints on the user;
 * a rotation records its keys only in the journal (a tag per identity would cost more calls than
 * the rotation itself), so where the journal names the key the store holds, that one is it.
 */
function recordedKey(
  cx: PlanContext,
  id: string,
  userTags: Readonly<Record<string, string>>,
  storeKey: string | undefined,
): string | undefined {
  const rotated = cx.actual.rotations?.get(id)?.cur
  return storeKey !== undefined && rotated === storeKey ? storeKey : userTags[TAG_KEY_ID]
}

/** Why a key must be minted into an existing store of ours, or undefined when it need not. */
function mintReason(
  cx: PlanContext,
  id: string,
  storeTags: Readonly<Record<string, string>>,
  storeKey: string | undefined,
  userTags: Readonly<Record<string, string>>,
  format: string,
): string | undefined {
  if (storeTags[TAG_MINT] !== undefined) return 'finishing a mint that was cut short'
  // A rotation in flight owns the key until it settles; rotate finishes it, not apply.
  const rotation = cx.actual.rotations?.get(id)
  if (rotation !== undefined && rotation.state !== 'current') return undefined
  const recorded = recordedKey(cx, id, userTags, storeKey)
  if (recorded === undefined) return 'no key recorded yet'
  if (storeKey !== undefined && storeKey !== recorded) return 'the store holds another key'
  if (userTags[TAG_FORMAT] !== format) return 'the format changed: a new key is written in it'
  return undefined
}

function planSecret(
  cx: PlanContext,
  user: ResolvedUser,
  store: SecretsManagerStore,
  actualUser: ActualUser | undefined,
): Op[] {
  const match: Match<ActualSecret> = matchTagged(
    cx.actual.secrets,
    cx.owner,
    user.id,
    store.name,
    user.adopt,
    (a, b) => a === b,
  )
  if (match.kind === 'conflict') return conflict(cx, 'secret', user, store.name, match.reason)
  const actual = match.kind === 'absent' ? undefined : match.actual
  const userTags = actualUser?.tags ?? {}
  const storeKey = actual?.currentKey ?? actual?.tags[TAG_KEY_ID]
  const recorded = recordedKey(cx, user.id, userTags, storeKey)
  const policy = store.resourcePolicy
  const policySteps: Step[] =
    policy === undefined
      ? []
      : [
          { kind: 'put-secret-policy', name: store.name, document: policy },
          { kind: 'tag-secret', name: store.name, tags: { [TAG_POLICY]: policyDigest(policy) } },
        ]
  if (actual === undefined || actual.name !== store.name)
    return mintInto(user, 'secret', store.name, actual, recorded, policySteps, (old) =>
      deleteSecretOp(
        cx,
        user.id,
        old,
        store.recoveryWindowDays,
        'the store replaced by the rename',
      ),
    )
  const steps: Step[] = actual.deleted ? [{ kind: 'restore-secret', name: store.name }] : []
  const diffs: PropertyDiff[] = actual.deleted
    ? [{ property: 'deletion', before: 'scheduled', after: 'restored' }]
    : []
  if (
    (store.description ?? '') !== (actual.description ?? '') ||
    (store.kmsKey !== undefined && store.kmsKey !== actual.kmsKey)
  ) {
    steps.push({
      kind: 'update-secret',
      name: store.name,
      ...(store.description === undefined ? {} : { description: store.description }),
      ...(store.kmsKey === undefined ? {} : { kmsKey: store.kmsKey }),
    })
    diffs.push({
      property: 'settings',
      before: { description: actual.description, kmsKey: actual.kmsKey },
      after: { description: store.description, kmsKey: store.kmsKey },
    })
  }
  const tags = retag(
    store.tags,
    actual.tags,
    (set) => ({ kind: 'tag-secret', name: store.name, tags: set }),
    (keys) => ({ kind: 'untag-secret', name: store.name, keys }),
  )
  steps.push(...tags.steps)
  diffs.push(...tags.diffs)
  const recordedPolicy = actual.tags[TAG_POLICY]
  if (policy !== undefined && recordedPolicy !== policyDigest(policy)) {
    // Read only when the digest differs (see policyDigest); the same document needs the tag alone.
    if (actual.resourcePolicy !== undefined && sameDocument(actual.resourcePolicy, policy)) {
      steps.push(...policySteps.slice(1))
    } else {
      steps.push(...policySteps)
      diffs.push({ property: 'resource policy', before: actual.resourcePolicy, after: policy })
    }
  } else if (policy === undefined && actual.tags[TAG_POLICY] !== undefined) {
    steps.push(
      { kind: 'delete-secret-policy', name: store.name },
      { kind: 'untag-secret', name: store.name, keys: [TAG_POLICY] },
    )
    diffs.push({ property: 'resource policy', before: 'readers only', after: undefined })
  }
  const why = mintReason(
    cx,
    user.id,
    actual.tags,
    storeKey,
    userTags,
    formatDigest(user.key?.format),
  )
  if (why !== undefined) {
    const op = mintOp(user, 'secret', store.name, recorded, why)
    return [{ ...op, diffs: [...diffs, ...op.diffs], steps: [...steps, ...op.steps] }]
  }
  const kind = match.kind === 'adopt' ? 'adopt' : steps.length > 0 ? 'update' : 'no-op'
  return [{ op: kind, kind: 'secret', id: user.id, name: store.name, diffs, steps }]
}

function deleteSecretOp(
  cx: PlanContext,
  id: string,
  secret: ActualSecret,
  days: number,
  note: string,
): Op {
  return {
    op: 'delete',
    kind: 'secret',
    id,
    name: secret.name,
    diffs: [],
    steps: [{ kind: 'delete-secret', name: secret.name, recoveryWindowDays: days }],
    note,
    ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
  }
}

/** Ours: tagged for this project and environment, with this identity's id or the declared name. */
function ownsParameter(cx: PlanContext, p: ActualParameter, id: string, name: string): boolean {
  if (p.tags[TAG_PROJECT] !== cx.owner.project || p.tags[TAG_ENV] !== cx.owner.environment)
    return false
  return p.tags[TAG_ID] === id || (p.tags[TAG_ID] === undefined && p.name === name)
}

function planParameter(
  cx: PlanContext,
  user: ResolvedUser,
  store: SsmStore,
  actualUser: ActualUser | undefined,
): Op[] {
  const owned = cx.actual.parameters.find((p) => ownsParameter(cx, p, user.id, store.name))
  const named = cx.actual.parameters.find((p) => p !== owned && p.name === store.name)
  if (named !== undefined) {
    // As matchTagged decides for secrets: a mint would overwrite whatever the parameter holds.
    const claimed = claimedBy(named.tags, cx.owner)
    if (owned !== undefined || claimed !== undefined || !user.adopt)
      return conflict(cx, 'parameter', user, store.name, claimed ?? 'keyward did not create it')
  }
  const actual = owned ?? named
  const userTags = actualUser?.tags ?? {}
  const storeKey = actual?.tags[TAG_KEY_ID]
  const recorded = recordedKey(cx, user.id, userTags, storeKey)
  if (actual === undefined || actual.name !== store.name)
    return mintInto(user, 'parameter', store.name, actual, recorded, [], (old) => ({
      op: 'delete',
      kind: 'parameter',
      id: user.id,
      name: old.name,
      diffs: [],
      steps: [{ kind: 'delete-parameter', name: old.name }],
      note: 'the store replaced by the rename',
      ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
    }))
  // A SecureString's settings change only with its value, which keyward never reads back.
  const settingsDrift =
    (store.description ?? '') !== (actual.description ?? '') ||
    store.tier !== actual.tier ||
    (store.kmsKey !== undefined && store.kmsKey !== actual.kmsKey)
  const why =
    mintReason(cx, user.id, actual.tags, storeKey, userTags, formatDigest(user.key?.format)) ??
    (settingsDrift
      ? 'the parameter’s settings changed: SSM rewrites them only with a new value'
      : undefined)
  if (why !== undefined) return [mintOp(user, 'parameter', store.name, recorded, why)]
  const adopting = owned === undefined
  return [
    {
      op: adopting ? 'adopt' : 'no-op',
      kind: 'parameter',
      id: user.id,
      name: store.name,
      diffs: [],
      steps: adopting ? [{ kind: 'tag-parameter', name: store.name, tags: store.tags }] : [],
    },
  ]
}
