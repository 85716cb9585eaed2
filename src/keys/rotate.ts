/**
 * Runs the rotation state machine (rotation-decide.ts) for one identity against the account:
 * asks for the next step, performs it, and asks again until nothing more is due now. It never
 * sleeps for days — a later `rotate --due` picks up where this one stopped, and so does a run
 * started after this one was killed at any instant.
 *
 * The new key's secret lives only in this function's memory: from CreateAccessKey, through the
 * calls that verify it, to the one store write that makes it current.
 */
import { KeywardError } from '../errors.ts'
import type { MintedKey, RotationPort, StoreView } from '../model/ports.ts'
import type { KeyFormat, ResolvedStore, RotationPolicy } from '../model/resolved.ts'
import { versionIdOf } from '../model/secret-versions.ts'
import { TAG_KEY_ID } from '../model/tags.ts'
import { keyHint } from '../plan/context.ts'
import { createKey } from './mint.ts'
import { renderStoreValue } from './render.ts'
import {
  decideRotation,
  type RotationFacts,
  type RotationMode,
  type RotationSettings,
  type RotationStep,
} from './rotation-decide.ts'
import type {
  RotationAct,
  RotationChange,
  RotationEvent,
  RotationOutcome,
} from '../model/rotation-events.ts'
import type { RotationRecord, RotationState } from '../model/rotation-record.ts'
import type { RecordBook } from './record-book.ts'

export interface RotationTarget {
  /** The identity's logical id in the manifest. */
  readonly id: string
  readonly user: string
  /** The ARN STS must answer with for the new key: the proof it is this user's. */
  readonly userArn: string
  readonly store: ResolvedStore
  readonly format: KeyFormat
  readonly policy: RotationPolicy
  readonly refreshSeconds?: number
}

export interface RotateOptions {
  readonly now: Date
  readonly mode: RotationMode
  readonly adopt: boolean
  /** How long IAM may take to accept a new key (it takes seconds, sometimes more). */
  readonly verifyWithinMs: number
  readonly sleep: (ms: number) => Promise<void>
  /** Read, decide, and stop before the first change: what a run would do now. */
  readonly dryRun?: boolean
}

/** More steps than any walk through the machine takes: a loop is a bug, not a long rotation. */
const MAX_STEPS = 24
/**
 * A pending rotation another run recorded less than this long ago is left to that run (or to the
 * next run after it): see rotation-decide.ts. Twice the verify timeout when that is longer.
 */
const IN_PROGRESS_SECONDS = 15 * 60
const VERIFY_FIRST_WAIT_MS = 500
const VERIFY_MAX_WAIT_MS = 8_000

export async function advanceRotation(
  port: RotationPort,
  book: RecordBook,
  target: RotationTarget,
  options: RotateOptions,
  observe: (event: RotationEvent) => void = () => {},
): Promise<RotationOutcome> {
  book.join()
  try {
    return await advance(port, book, target, options, observe)
  } finally {
    book.leave()
  }
}

async function advance(
  port: RotationPort,
  book: RecordBook,
  target: RotationTarget,
  options: RotateOptions,
  observe: (event: RotationEvent) => void,
): Promise<RotationOutcome> {
  const noStore: RotationOutcome = {
    kind: 'idle',
    id: target.id,
    state: 'current',
    why: 'no store yet: run apply first',
  }
  const start = await firstFacts(port, book.get(target.id), target, options.mode)
  if (start === 'no-store') return noStore
  let facts = start.facts
  let assumed = start.assumed
  let settings: RotationSettings = {
    policy: target.policy,
    now: options.now,
    mode: options.mode,
    adopt: options.adopt,
    ...(target.refreshSeconds === undefined ? {} : { refreshSeconds: target.refreshSeconds }),
    inProgressSeconds: Math.max(IN_PROGRESS_SECONDS, (2 * options.verifyWithinMs) / 1000),
  }
  const act = (a: RotationAct, state: RotationState, key?: string) =>
    observe({
      kind: 'act',
      id: target.id,
      act: a,
      state,
      ...(key === undefined ? {} : { key: keyHint(key) }),
    })
  for (let i = 0; i < MAX_STEPS; i++) {
    const step: RotationStep = decideRotation(facts, settings)
    if (step.kind === 'refuse' && assumed) {
      // The journal's view of the store disagrees with the user's keys: ask the store itself.
      const view = await port.viewStore(target.store)
      if (!view.exists) return noStore
      facts = { ...facts, view }
      assumed = false
      continue
    }
    // --now starts one rotation, not one more after each that completes; a rollback that
    // abandoned a pending rotation is done once the record says so.
    const change = isChange(step)
    if (settings.mode === 'now' && change) settings = { ...settings, mode: 'due' }
    if (settings.mode === 'rollback' && facts.record?.state === 'current' && i > 0)
      return {
        kind: 'idle',
        id: target.id,
        state: 'current',
        why: 'the pending rotation was abandoned',
      }
    if (options.dryRun === true && change)
      return {
        kind: 'due',
        id: target.id,
        state: facts.record?.state ?? 'current',
        step: step.kind,
      }
    switch (step.kind) {
      case 'idle':
        return {
          kind: 'idle',
          id: target.id,
          state: step.state,
          ...(step.next === undefined ? {} : { next: step.next }),
          why: step.why,
        }
      case 'refuse':
        return { kind: 'refused', id: target.id, reason: step.reason, hint: step.hint }
      case 'read-keys':
        facts = { ...facts, keys: await port.listKeys(target.user) }
        break
      case 'read-last-used':
        facts = { ...facts, oldLastUsed: await port.keyLastUsed(step.key) }
        break
      case 'record': {
        await book.write(target.id, step.record)
        const before = facts.record
        facts = { ...facts, record: step.record, ours: true }
        const r = step.record
        if (r.state === 'pending') act('started', 'pending', r.cur)
        // Written as current, by this run or one stopped before its record.
        else if (r.state === 'draining' && before?.state === 'pending')
          act('promoted', r.state, r.cur)
        else if (r.state === 'draining') act('adopted', r.state, r.old)
        else act('abandoned', r.state, r.cur)
        break
      }
      case 'delete-orphan':
        await port.deleteKey(target.user, step.key)
        facts = { ...facts, keys: (facts.keys ?? []).filter((k) => k.id !== step.key) }
        act('orphan-deleted', 'pending', step.key)
        break
      case 'create': {
        const prior = (facts.keys ?? []).map((k) => k.id)
        const id = await createCurrent(port, target, prior, options, observe)
        facts = {
          ...facts,
          keys: [...(facts.keys ?? []), { id, status: 'Active' }],
          view: { ...facts.view, current: id },
        }
        break
      }
      case 'mark-stored':
        await port.markStored(target.store, step.key)
        facts = { ...facts, view: { ...withoutUnrecorded(facts.view), current: step.key } }
        break
      case 'deactivate':
        await port.setKeyStatus(target.user, step.key, 'Inactive')
        await book.write(target.id, step.then)
        facts = { ...facts, record: step.then }
        act('deactivated', 'inactive', step.key)
        break
      case 'delete-old':
        await port.deleteKey(target.user, step.key)
        await book.write(target.id, step.then)
        facts = { ...facts, record: step.then }
        act('deleted', 'current', step.key)
        break
      case 'rollback':
        if (step.reactivate) await port.setKeyStatus(target.user, step.key, 'Active')
        await port.promote(target.store, step.key, facts.view)
        await book.write(target.id, step.then)
        act('rolled-back', 'draining', step.key)
        // A rollback is done once; what follows is the ordinary drain of the key it replaced.
        return {
          kind: 'idle',
          id: target.id,
          state: 'draining',
          next: new Date(options.now.getTime() + target.policy.drainSeconds * 1000),
          why: 'rolled back: the replaced key drains',
        }
    }
  }
  throw new KeywardError('internal', `Rotation of ${target.id} did not settle.`, {
    source: 'internal',
  })
}

interface Start {
  readonly facts: RotationFacts
  /** The store's stages were taken from the journal, not read. */
  readonly assumed: boolean
}

/**
 * What a run starts from. For Secrets Manager the journal stands in for a read of the store: it
 * names the current and old keys, and the promotion's compare-and-swap (AWSCURRENT moved only
 * from the version named after the recorded key) catches a store that moved since. Without a
 * record, a user with one key holds the store's current key. The store is read when a rotation
 * was cut short before its key was stored (pending), for a rollback, and whenever the assumed
 * view and the user's keys disagree.
 */
async function firstFacts(
  port: RotationPort,
  record: RotationRecord | undefined,
  target: RotationTarget,
  mode: RotationMode,
): Promise<Start | 'no-store'> {
  const read = async (keys?: RotationFacts['keys']): Promise<Start | 'no-store'> => {
    const view = await port.viewStore(target.store, record?.state === 'pending')
    if (!view.exists) return 'no-store'
    return { facts: { record, view, ...(keys === undefined ? {} : { keys }) }, assumed: false }
  }
  if (target.store.type !== 'secretsmanager' || mode === 'rollback' || record?.state === 'pending')
    return read()
  if (record !== undefined)
    return { facts: { record, view: assumedView(record.cur, record.old) }, assumed: true }
  const keys = await port.listKeys(target.user)
  const only = keys.length === 1 ? keys[0] : undefined
  if (only === undefined) return read(keys)
  return { facts: { record, keys, view: assumedView(only.id) }, assumed: true }
}

function withoutUnrecorded(view: StoreView): StoreView {
  const { unrecorded: _, ...rest } = view
  return rest
}

function assumedView(current: string, previous?: string): StoreView {
  return {
    exists: true,
    tags: {},
    current,
    currentVersion: versionIdOf(current),
    ...(previous === undefined ? {} : { previous }),
  }
}

/** Whether a step changes the account; the others read it, or end the run. */
function isChange(step: RotationStep): step is Extract<RotationStep, { kind: RotationChange }> {
  return (
    step.kind !== 'idle' &&
    step.kind !== 'refuse' &&
    step.kind !== 'read-keys' &&
    step.kind !== 'read-last-used'
  )
}

/**
 * CreateAccessKey, STS until IAM accepts the key, then the one store write that makes it the
 * current key (see rotation-decide.ts for why there is no AWSPENDING write); returns its id.
 */
async function createCurrent(
  port: RotationPort,
  target: RotationTarget,
  prior: readonly string[],
  options: RotateOptions,
  observe: (event: RotationEvent) => void,
): Promise<string> {
  const act = (a: RotationAct, key: string) =>
    observe({ kind: 'act', id: target.id, act: a, state: 'pending', key: keyHint(key) })
  const key = await createKey(
    port,
    target.user,
    prior,
    (e) => {
      if (e.kind === 'orphan-deleted') act('orphan-deleted', e.key)
    },
    'rotate',
  )
  act('created', key.id)
  if (target.policy.verify) {
    try {
      await verify(port, target, key, options, observe)
    } catch (error) {
      // Never stored: nobody holds its secret. Should this delete fail too, the record still
      // says pending, and the next run deletes the key as an orphan.
      await port.deleteKey(target.user, key.id).catch(() => {})
      throw error
    }
    act('verified', key.id)
  }
  // A failed write is not undone: its answer may have been lost after it landed, and then the
  // key is the one consumers read. The next run reads the store and knows which.
  await port.writeStore(target.store, renderStoreValue(target.format, key), key.id)
  // SSM has no stages: the parameter's tag is its record of the key it holds.
  if (target.store.type === 'ssm') await port.tagStore(target.store, { [TAG_KEY_ID]: key.id })
  return key.id
}

async function verify(
  port: RotationPort,
  target: RotationTarget,
  key: MintedKey,
  options: RotateOptions,
  observe: (event: RotationEvent) => void,
): Promise<void> {
  const started = Date.now()
  const canary = target.policy.canary
  let wait = VERIFY_FIRST_WAIT_MS
  let signsAsUser = false
  for (let attempt = 1; ; attempt++) {
    // First STS (the key is the user's), then the canary (it can do the user's work): IAM
    // propagates a new key and its permissions in their own time.
    const check =
      signsAsUser && canary !== undefined
        ? await port.checkCanary(key, canary)
        : await port.checkKey(key)
    if (check.kind === 'accepted') {
      if (!signsAsUser && check.arn !== target.userArn) {
        throw new KeywardError(
          'rotation-failed',
          `The new key for ${target.user} signs as ${check.arn}, not ${target.userArn}; it was deleted.`,
          { source: 'aws', hint: 'Check the user’s path in the manifest, then rotate again.' },
        )
      }
      if (signsAsUser || canary === undefined) return
      signsAsUser = true
      continue
    }
    const left = options.verifyWithinMs - (Date.now() - started)
    if (left <= 0) {
      const what =
        signsAsUser && canary !== undefined
          ? `allow the new key for ${target.user} its canary ${canary.action} on ${canary.resource}`
          : `accept the new key for ${target.user}`
      throw new KeywardError(
        'rotation-failed',
        `IAM did not ${what} within ${Math.round(options.verifyWithinMs / 1000)} s (${check.code}); the key was deleted, and the current key is unchanged.`,
        {
          source: 'aws',
          hint: signsAsUser
            ? 'Check that the canary is among the identity’s own grants (keyward check), then rotate again.'
            : 'IAM can take a while to accept a new key. Run rotate again to try with a new one, or allow longer with --verify-timeout.',
        },
      )
    }
    observe({ kind: 'verify-wait', id: target.id, attempt, code: check.code })
    await options.sleep(Math.min(wait, left))
    wait = Math.min(wait * 2, VERIFY_MAX_WAIT_MS)
  }
}
