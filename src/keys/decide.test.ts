import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { AccessKeyInfo } from '../model/ports.ts'
import { decideMint, MAX_KEYS_PER_USER } from './decide.ts'
import { decodeIntent, encodeIntent, type MintIntent } from './intent.ts'

// AWS's documentation style of example key ids: none of these exist.
const R = 'AKIAOLDRECORDEXAMPLE'
const N = 'AKIANEWRUN000EXAMPLE'
const H = 'AKIAHUMAN0000EXAMPLE'
const keys = (...ids: string[]): AccessKeyInfo[] => ids.map((id) => ({ id, status: 'Active' }))

interface Case {
  readonly name: string
  readonly keys: AccessKeyInfo[]
  readonly recorded?: string
  readonly intent?: MintIntent
  readonly expected: ReturnType<typeof decideMint>
}

// Each case is a point where a mint can stop, and what the next run finds there.
const cases: Case[] = [
  {
    name: 'a new user: nothing to clean up',
    keys: [],
    expected: { kind: 'mint', orphans: [], prior: [] },
  },
  {
    name: 'a recorded key is replaced (its store is gone or its format changed)',
    keys: keys(R),
    recorded: R,
    expected: { kind: 'mint', orphans: [], prior: [R], retire: R },
  },
  {
    name: 'an adopted user keeps the key a person made; it is never touched',
    keys: keys(H),
    expected: { kind: 'mint', orphans: [], prior: [H] },
  },
  {
    name: 'stopped after CreateAccessKey, before the store write: the new key is an orphan',
    keys: keys(N),
    intent: { prior: [] },
    expected: { kind: 'mint', orphans: [N], prior: [] },
  },
  {
    name: 'stopped after an SSM store write, before the key was recorded anywhere: still an orphan',
    keys: keys(R, N),
    recorded: R,
    intent: { prior: [R], retire: R },
    expected: { kind: 'mint', orphans: [N], prior: [R], retire: R },
  },
  {
    name: 'stopped after the store named the key, or the user recorded it: only the old key goes',
    keys: keys(R, N),
    recorded: N,
    intent: { prior: [R], retire: R },
    expected: { kind: 'finish', keyId: N, remove: [R] },
  },
  {
    name: 'stopped after deleting the old key: nothing left but settling the store',
    keys: keys(N),
    recorded: N,
    intent: { prior: [R], retire: R },
    expected: { kind: 'finish', keyId: N, remove: [] },
  },
  {
    name: 'stopped before CreateAccessKey: the intent alone changes nothing',
    keys: keys(R),
    recorded: R,
    intent: { prior: [R], retire: R },
    expected: { kind: 'mint', orphans: [], prior: [R], retire: R },
  },
  {
    name: 'a person’s key and the recorded one: IAM allows no third',
    keys: keys(R, H),
    recorded: R,
    expected: { kind: 'refuse', keys: [R, H] },
  },
  {
    name: 'a key created after the intent and never recorded counts as an orphan',
    keys: keys(H, N),
    intent: { prior: [H] },
    expected: { kind: 'mint', orphans: [N], prior: [H] },
  },
]

for (const c of cases) {
  test(`mint decision: ${c.name}`, () => {
    // given the account as the case describes, when a mint decides, then:
    assert.deepEqual(decideMint(c.keys, c.recorded, c.intent), c.expected)
  })
}

const keyId = fc
  .stringMatching(/^[A-Z0-9]{16}$/)
  .map((s) => `AKIA${s}`)
  .filter((s) => s.length === 20)

test('a mint never deletes a key that existed before its intent unless keyward recorded it', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(keyId, { maxLength: 3 }),
      fc.uniqueArray(keyId, { maxLength: 2 }),
      fc.option(fc.nat(4)),
      (prior, created, recordedAt) => {
        const all = [...prior, ...created]
        const recorded = recordedAt === null ? undefined : all[recordedAt]
        const intent: MintIntent = { prior }
        const decision = decideMint(keys(...all), recorded, intent)
        const removed =
          decision.kind === 'finish'
            ? decision.remove
            : decision.kind === 'mint'
              ? [...decision.orphans, ...(decision.retire === undefined ? [] : [decision.retire])]
              : []
        for (const id of removed) assert.ok(!prior.includes(id) || id === recorded)
        if (decision.kind === 'mint') assert.ok(decision.prior.length < MAX_KEYS_PER_USER)
      },
    ),
  )
})

test('an intent survives its tag encoding, and anything else reads as no intent', () => {
  fc.assert(
    fc.property(fc.uniqueArray(keyId, { maxLength: 2 }), fc.option(keyId), (prior, retire) => {
      const intent: MintIntent = retire === null ? { prior } : { prior, retire }
      const encoded = encodeIntent(intent)
      assert.match(encoded, /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u)
      assert.deepEqual(decodeIntent(encoded), intent)
    }),
  )
  assert.equal(decodeIntent('2026-11-21T10:00:00Z'), undefined)
  assert.equal(decodeIntent('prior=akia lower'), undefined)
  assert.equal(decodeIntent(undefined), undefined)
})
