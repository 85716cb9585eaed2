/**
 * A user's key and its store. A key is minted when none is recorded, when a mint was cut short,
 * when the store is gone or renamed, or when its format changed — keyward never reads its own
 * secrets back, so a changed format means a new key written in it. Otherwise only the store's
 * settings are brought in line.
 *
 * A store being adopted is the one exception: the account read looked at what it holds (see
 * {@link HeldKey}), and when that is one of the user's keys, the key is recorded as keyward's —
 * as a mint records the key it made — and kept, not replaced.
 */
import type {
  AccountState,
  ActualParameter,
  ActualSecret,
  ActualUser,
  HeldKey,
} from '../model/account-state.ts'
import type {
  KeyFormat,
  ResolvedStore,
  ResolvedUser,
  SecretsManagerStore,
  SsmStore,
} from '../model/resolved.ts'
import {
  TAG_ENV,
  TAG_FORMAT,
  TAG_ID,
  TAG_KEY_ID,
  TAG_MINT,
  TAG_POLICY,
  TAG_PROJECT,
  type Owner,
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
 * How a plan names a key it records without showing it whole: apply finds the key among the
 * user's keys by this digest. Twelve hex digits cannot give back an id's other sixteen
 * characters, yet tell a user's two keys apart.
 */
export function keyDigest(id: string): string {
  return digest(id, 12)
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

/**
 * The existing store a declared one would be adopted from: there under the declared name, and no
 * store of keyward's — of this identity or of anyone — so that planning takes it over. Undefined
 * otherwise; the account read uses it to choose which stores' values to look at.
 */
export function storeToAdopt(
  actual: Pick<AccountState, 'secrets' | 'parameters'>,
  owner: Owner,
  id: string,
  store: Pick<ResolvedStore, 'type' | 'name'>,
): ActualSecret | ActualParameter | undefined {
  if (store.type === 'secretsmanager') {
    const match = matchTagged(actual.secrets, owner, id, store.name, true, (a, b) => a === b)
    return match.kind === 'adopt' ? match.actual : undefined
  }
  const owned = actual.parameters.find((p) => ownsParameter(owner, p, id, store.name))
  const named = actual.parameters.find((p) => p !== owned && p.name === store.name)
  return owned === undefined && named !== undefined && claimedBy(named.tags, owner) === undefined
    ? named
    : undefined
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

/**
 * Why a key must be minted into an existing store (ours, or one being adopted), or undefined
 * when it need not.
 */
function mintReason(
  cx: PlanContext,
  id: string,
  store: HeldKey & { readonly tags: Readonly<Record<string, string>> },
  storeKey: string | undefined,
  userTags: Readonly<Record<string, string>>,
  format: string,
): string | undefined {
  if (store.tags[TAG_MINT] !== undefined) return 'finishing a mint that was cut short'
  // A rotation in flight owns the key until it settles; rotate finishes it, not apply.
  const rotation = cx.actual.rotations?.get(id)
  if (rotation !== undefined && rotation.state !== 'current') return undefined
  // Read, and found to hold none of the user's keys: whatever the user records, not in the store.
  if (store.unmatched !== undefined)
    return `the store’s content does not match the format (${store.unmatched}): a new key is written in it`
  const recorded = recordedKey(cx, id, userTags, storeKey)
  if (recorded === undefined) return 'no key recorded yet'
  if (storeKey !== undefined && storeKey !== recorded) return 'the store holds another key'
  if (userTags[TAG_FORMAT] !== format) return 'the format changed: a new key is written in it'
  return undefined
}

/**
 * The key an adopted store already holds, when keyward can make it its own: one of the user's
 * keys (the account read checked), with no mint or rotation of keyward's under way, and no other
 * key recorded on the user — that one would be left behind, so a mint replaces both instead.
 */
function keptKey(
  cx: PlanContext,
  id: string,
  actual: HeldKey & { readonly tags: Readonly<Record<string, string>> },
  userTags: Readonly<Record<string, string>>,
): string | undefined {
  const held = actual.heldKey
  if (held === undefined || actual.tags[TAG_MINT] !== undefined) return undefined
  if (actual.tags[TAG_KEY_ID] !== undefined || cx.actual.rotations?.get(id) !== undefined)
    return undefined
  const recorded = userTags[TAG_KEY_ID]
  return recorded === undefined || recorded === held ? held : undefined
}

/** The step that makes a kept key keyward's: apply finds it by its digest among the user's keys. */
function recordStep(user: ResolvedUser, store: ResolvedStore, key: string): Step {
  return {
    kind: 'record-key',
    user: user.name,
    store,
    key: keyHint(key),
    match: keyDigest(key),
    format: formatDigest(user.key?.format),
  }
}

function keptNote(key: string): string {
  return `keeps key ${keyHint(key)} (already in the store)`
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
  const storeKey = actual?.currentKey ?? actual?.tags[TAG_KEY_ID] ?? actual?.heldKey
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
  const kept = match.kind === 'adopt' ? keptKey(cx, user.id, actual, userTags) : undefined
  if (kept !== undefined) {
    // Recorded before the ownership tags: a run cut short leaves the store still to adopt, and
    // the next plan reads it again, rather than a store of keyward's that records no key.
    return [
      {
        op: 'adopt',
        kind: 'secret',
        id: user.id,
        name: store.name,
        diffs,
        steps: [recordStep(user, store, kept), ...steps],
        note: keptNote(kept),
      },
    ]
  }
  const why = mintReason(cx, user.id, actual, storeKey, userTags, formatDigest(user.key?.format))
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
function ownsParameter(owner: Owner, p: ActualParameter, id: string, name: string): boolean {
  if (p.tags[TAG_PROJECT] !== owner.project || p.tags[TAG_ENV] !== owner.environment) return false
  return p.tags[TAG_ID] === id || (p.tags[TAG_ID] === undefined && p.name === name)
}

function planParameter(
  cx: PlanContext,
  user: ResolvedUser,
  store: SsmStore,
  actualUser: ActualUser | undefined,
): Op[] {
  const owned = cx.actual.parameters.find((p) => ownsParameter(cx.owner, p, user.id, store.name))
  const named = cx.actual.parameters.find((p) => p !== owned && p.name === store.name)
  if (named !== undefined) {
    // As matchTagged decides for secrets: a mint would overwrite whatever the parameter holds.
    const claimed = claimedBy(named.tags, cx.owner)
    if (owned !== undefined || claimed !== undefined || !user.adopt)
      return conflict(cx, 'parameter', user, store.name, claimed ?? 'keyward did not create it')
  }
  const actual = owned ?? named
  const userTags = actualUser?.tags ?? {}
  const storeKey = actual?.tags[TAG_KEY_ID] ?? actual?.heldKey
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
  const adopting = owned === undefined
  const kept = adopting ? keptKey(cx, user.id, actual, userTags) : undefined
  const drift = settingsDrift
    ? 'the parameter’s settings changed: SSM rewrites them only with a new value'
    : undefined
  if (kept !== undefined && drift === undefined) {
    // Recorded before the ownership tags, as for a secret (planSecret).
    return [
      {
        op: 'adopt',
        kind: 'parameter',
        id: user.id,
        name: store.name,
        diffs: [],
        steps: [
          recordStep(user, store, kept),
          { kind: 'tag-parameter', name: store.name, tags: store.tags },
        ],
        note: keptNote(kept),
      },
    ]
  }
  // A held key kept back only by the settings: those are the reason, not a missing record.
  const why =
    kept !== undefined
      ? drift
      : (mintReason(cx, user.id, actual, storeKey, userTags, formatDigest(user.key?.format)) ??
        drift)
  if (why !== undefined) return [mintOp(user, 'parameter', store.name, recorded, why)]
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
