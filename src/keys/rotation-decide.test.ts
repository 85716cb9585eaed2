import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { AccessKeyInfo, StoreView } from '../model/ports.ts'
import {
  decideRotation,
  LAST_USED_LAG_SECONDS,
  type RotationFacts,
  type RotationSettings,
  type RotationStep,
} from './rotation-decide.ts'
import { decodeRecord, encodeRecord, type RotationRecord } from '../model/rotation-record.ts'

// AWS's documentation style of example key ids: none of these exist.
const CUR = 'AKIACURRENT0EXAMPLE1'
const NEW = 'AKIANEWKEY00EXAMPLE2'
const HUM = 'AKIAHUMAN000EXAMPLE3'
const DAY = 86_400
const T0 = new Date('2026-08-01T00:00:00Z')
const day = (n: number) => new Date(T0.getTime() + n * DAY * 1000)
const active = (id: string, created = T0): AccessKeyInfo => ({ id, status: 'Active', created })
const inactiveKey = (id: string): AccessKeyInfo => ({ id, status: 'Inactive', created: T0 })
const view = (v: Partial<StoreView> = {}): StoreView => ({ exists: true, tags: {}, ...v })
const policy = {
  everySeconds: 90 * DAY,
  verify: true,
  drainSeconds: 7 * DAY,
  deactivateForSeconds: 7 * DAY,
}
const settings = (now: Date, more: Partial<RotationSettings> = {}): RotationSettings => ({
  policy,
  now,
  mode: 'due',
  adopt: false,
  // The cases are runs after a run that stopped: its pending record is no longer in progress.
  inProgressSeconds: 0,
  ...more,
})
const rec = (r: Partial<RotationRecord> & Pick<RotationRecord, 'state'>): RotationRecord => ({
  since: T0,
  rotated: T0,
  cur: CUR,
  ...r,
})

interface Case {
  readonly name: string
  readonly facts: RotationFacts
  readonly settings: RotationSettings
  readonly expected: Partial<RotationStep> & Pick<RotationStep, 'kind'>
}

const cases: Case[] = [
  {
    name: 'a key minted by apply is aged by its creation date: the keys are read first',
    facts: { record: undefined, view: view({ current: CUR }) },
    settings: settings(day(10)),
    expected: { kind: 'read-keys' },
  },
  {
    name: 'a young key is left alone, with the date it falls due',
    facts: { record: rec({ state: 'current' }), view: view({ current: CUR }) },
    settings: settings(day(10)),
    expected: { kind: 'idle', state: 'current', next: day(90) },
  },
  {
    name: 'every: never waits for --now',
    facts: { record: rec({ state: 'current' }), view: view({ current: CUR }) },
    settings: settings(day(900), { policy: { ...policy, everySeconds: null } }),
    expected: { kind: 'idle', state: 'current' },
  },
  {
    name: '--now starts a rotation of a young key',
    facts: { record: rec({ state: 'current' }), view: view({ current: CUR }), keys: [active(CUR)] },
    settings: settings(day(1), { mode: 'now' }),
    expected: {
      kind: 'record',
      record: { state: 'pending', since: day(1), rotated: T0, cur: CUR },
    },
  },
  {
    name: 'a due key: the intent is recorded before anything is created',
    facts: { record: rec({ state: 'current' }), view: view({ current: CUR }), keys: [active(CUR)] },
    settings: settings(day(90)),
    expected: {
      kind: 'record',
      record: { state: 'pending', since: day(90), rotated: T0, cur: CUR },
    },
  },
  {
    name: 'a second key nobody recorded stops the rotation: never a third key, never theirs',
    facts: {
      record: rec({ state: 'current' }),
      view: view({ current: CUR }),
      keys: [active(CUR), active(HUM)],
    },
    settings: settings(day(90)),
    expected: { kind: 'refuse' },
  },
  {
    name: '--adopt drains that second key like an old one instead',
    facts: {
      record: rec({ state: 'current' }),
      view: view({ current: CUR }),
      keys: [active(CUR), active(HUM)],
    },
    settings: settings(day(90), { adopt: true }),
    expected: {
      kind: 'record',
      record: { state: 'draining', since: day(90), rotated: T0, cur: CUR, old: HUM },
    },
  },
  {
    name: 'a store whose key is gone from the user is apply’s to fix',
    facts: { record: rec({ state: 'current' }), view: view({ current: CUR }), keys: [] },
    settings: settings(day(90)),
    expected: { kind: 'refuse' },
  },
  {
    name: 'pending, nothing created yet: create',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR }),
      keys: [active(CUR)],
    },
    settings: settings(day(90)),
    expected: { kind: 'create' },
  },
  {
    name: 'another run recorded it pending minutes ago: its key is not an orphan, and no key is made',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR }),
      keys: [active(CUR), active(NEW)],
    },
    settings: settings(new Date(day(90).getTime() + 60_000), { inProgressSeconds: 900 }),
    expected: {
      kind: 'idle',
      state: 'pending',
      next: new Date(day(90).getTime() + 900_000),
      why: 'another run started this rotation and may still be at it',
    },
  },
  {
    name: 'this run recorded it pending: it goes on at once',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR }),
      keys: [active(CUR)],
      ours: true,
    },
    settings: settings(day(90), { inProgressSeconds: 900 }),
    expected: { kind: 'create' },
  },
  {
    name: 'killed after CreateAccessKey: the unrecorded key is this rotation’s orphan',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR }),
      keys: [active(CUR), active(NEW)],
    },
    settings: settings(day(90)),
    expected: { kind: 'delete-orphan', key: NEW },
  },
  {
    name: 'SSM, killed after writing the new key, before its label or tag: the key is kept',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR, unrecorded: {} }),
      keys: [active(CUR), active(NEW)],
    },
    settings: settings(day(91)),
    expected: { kind: 'mark-stored', key: NEW },
  },
  {
    name: 'SSM, killed after the label, before the tag: the label names the key',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR, unrecorded: { key: NEW } }),
      keys: [active(CUR), active(NEW)],
    },
    settings: settings(day(91)),
    expected: { kind: 'mark-stored', key: NEW },
  },
  {
    name: 'killed after writing the new key, before the record: the stages say which key won',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: NEW, previous: CUR }),
    },
    settings: settings(day(90)),
    expected: {
      kind: 'record',
      record: { state: 'draining', since: day(90), rotated: day(90), cur: NEW, old: CUR },
    },
  },
  {
    name: 'rollback of a pending rotation abandons it: orphans first',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR }),
      keys: [active(CUR), active(NEW)],
    },
    settings: settings(day(90), { mode: 'rollback' }),
    expected: { kind: 'delete-orphan', key: NEW },
  },
  {
    name: 'rollback of a pending rotation abandons it: then the record settles',
    facts: {
      record: rec({ state: 'pending', since: day(90) }),
      view: view({ current: CUR }),
      keys: [active(CUR)],
    },
    settings: settings(day(90), { mode: 'rollback' }),
    expected: {
      kind: 'record',
      record: { state: 'current', since: day(90), rotated: T0, cur: CUR },
    },
  },
  {
    name: 'draining, drain period over: deactivate the old key',
    facts: {
      record: rec({ state: 'draining', since: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
    },
    settings: settings(day(97)),
    expected: {
      kind: 'deactivate',
      key: CUR,
      then: { state: 'inactive', since: day(97), rotated: T0, cur: NEW, old: CUR },
    },
  },
  {
    name: 'draining, no consumers declared: wait out the drain period',
    facts: {
      record: rec({ state: 'draining', since: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
    },
    settings: settings(day(92)),
    expected: { kind: 'idle', state: 'draining', next: day(97) },
  },
  {
    name: 'draining, consumers refreshed long ago: the old key’s last use is read',
    facts: {
      record: rec({ state: 'draining', since: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
    },
    settings: settings(day(91), { refreshSeconds: 3600 }),
    expected: { kind: 'read-last-used', key: CUR },
  },
  {
    name: 'draining, old key silent since consumers switched: deactivated early',
    facts: {
      record: rec({ state: 'draining', since: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
      oldLastUsed: new Date(day(90).getTime() + 1800_000),
    },
    settings: settings(day(91), { refreshSeconds: 3600 }),
    expected: { kind: 'deactivate', key: CUR },
  },
  {
    name: 'draining, old key still used after consumers should have switched: keep draining',
    facts: {
      record: rec({ state: 'draining', since: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
      oldLastUsed: new Date(day(90).getTime() + 7200_000),
    },
    settings: settings(day(91), { refreshSeconds: 3600 }),
    expected: { kind: 'idle', state: 'draining', next: day(97) },
  },
  {
    name: 'draining, within AWS’s reporting lag: silence is not trusted yet',
    facts: {
      record: rec({ state: 'draining', since: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
    },
    settings: settings(new Date(day(90).getTime() + 3600_000), { refreshSeconds: 3600 }),
    expected: {
      kind: 'idle',
      state: 'draining',
      next: new Date(day(90).getTime() + (3600 + LAST_USED_LAG_SECONDS) * 1000),
    },
  },
  {
    name: 'inactive inside the recovery window: wait',
    facts: {
      record: rec({ state: 'inactive', since: day(97), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
    },
    settings: settings(day(100)),
    expected: { kind: 'idle', state: 'inactive', next: day(104) },
  },
  {
    name: 'inactive, window over: delete the old key and settle, aged from the promotion',
    facts: {
      record: rec({ state: 'inactive', since: day(97), rotated: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
    },
    settings: settings(day(104)),
    expected: {
      kind: 'delete-old',
      key: CUR,
      then: { state: 'current', since: day(104), rotated: day(90), cur: NEW },
    },
  },
  {
    name: 'rollback while inactive: reactivate the old key and make it current again',
    facts: {
      record: rec({ state: 'inactive', since: day(97), rotated: day(90), cur: NEW, old: CUR }),
      view: view({ current: NEW }),
      keys: [inactiveKey(CUR), active(NEW, day(90))],
    },
    settings: settings(day(99), { mode: 'rollback' }),
    expected: {
      kind: 'rollback',
      key: CUR,
      replaces: NEW,
      reactivate: true,
      then: { state: 'draining', since: day(99), rotated: T0, cur: CUR, old: NEW },
    },
  },
  {
    name: 'rollback once the old key is deleted: refused',
    facts: {
      record: rec({ state: 'current', rotated: day(90), cur: NEW }),
      view: view({ current: NEW }),
    },
    settings: settings(day(105), { mode: 'rollback' }),
    expected: { kind: 'refuse' },
  },
]

for (const c of cases) {
  test(`rotation decision: ${c.name}`, () => {
    // given the account as the case describes, when the machine decides, then:
    const step = decideRotation(c.facts, c.settings)
    assert.deepEqual(pick(step, Object.keys(c.expected)), c.expected)
  })
}

function pick(step: RotationStep, keys: readonly string[]): Record<string, unknown> {
  const all = step as unknown as Record<string, unknown>
  return Object.fromEntries(keys.map((k) => [k, all[k]]))
}

const keyId = fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`)

test('the machine never asks for a third key, and never touches a key it cannot account for', () => {
  const states = fc.constantFrom('pending', 'draining', 'inactive', 'current') as fc.Arbitrary<
    RotationRecord['state']
  >
  fc.assert(
    fc.property(
      states,
      fc.uniqueArray(keyId, { minLength: 3, maxLength: 3 }),
      fc.subarray([0, 1, 2]),
      fc.nat(200),
      fc.constantFrom<'due' | 'now' | 'rollback'>('due', 'now', 'rollback'),
      (state, [a, b, c], present, days, mode) => {
        if (a === undefined || b === undefined || c === undefined) return
        const record: RotationRecord =
          state === 'draining' || state === 'inactive'
            ? rec({ state, cur: b, old: a, since: day(90) })
            : rec({ state, cur: a, since: day(90) })
        const keys = present.map((i) => active([a, b, c][i] ?? a))
        const facts: RotationFacts = {
          record,
          view: view({ current: record.cur }),
          keys,
          oldLastUsed: null,
        }
        const step = decideRotation(facts, settings(day(days), { mode }))
        if (step.kind === 'create') assert.ok(keys.every((k) => k.id === record.cur))
        const touched =
          step.kind === 'delete-orphan' || step.kind === 'deactivate' || step.kind === 'delete-old'
            ? step.key
            : undefined
        if (touched === undefined) return
        // Only the recorded old key, or — while pending — a key created after the record.
        if (state === 'pending') assert.notEqual(touched, record.cur)
        else assert.equal(touched, record.old)
      },
    ),
  )
})

test('a record survives its tag encoding; anything else reads as no record', () => {
  const record = rec({ state: 'draining', since: day(90), rotated: day(90), cur: NEW, old: CUR })
  const encoded = encodeRecord(record)
  assert.match(encoded, /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u)
  assert.deepEqual(decodeRecord(encoded), record)
  assert.deepEqual(decodeRecord(encodeRecord(rec({ state: 'current' }))), rec({ state: 'current' }))
  assert.equal(
    decodeRecord(
      'draining since=2026-08-01T00:00:00Z rotated=2026-08-01T00:00:00Z cur=AKIACURRENT0EXAMPLE1',
    ),
    undefined,
  )
  assert.equal(decodeRecord('prior=AKIACURRENT0EXAMPLE1'), undefined)
  assert.equal(decodeRecord(undefined), undefined)
})
