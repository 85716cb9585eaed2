import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { IdentityStatus, KeyStatus, UnmanagedUser } from '../model/key-status.ts'
import type { RotationState } from '../model/rotation-record.ts'
import { auditKeys } from './key-audit.ts'

const key = (over: Partial<KeyStatus> = {}): KeyStatus => ({
  key: '…AAAA',
  status: 'Active',
  role: 'current',
  ageDays: 10,
  lastUsed: '2027-01-01T00:00:00.000Z',
  unusedDays: 1,
  ...over,
})

const identity = (
  keys: KeyStatus[],
  state: RotationState | 'none' = 'current',
): IdentityStatus => ({
  id: 'app',
  user: 'app-user',
  store: { type: 'secretsmanager', name: 'app-key' },
  exists: true,
  keys,
  rotation: {
    state,
    everyDays: 90,
    outcome: { kind: 'idle', id: 'app', state: 'current', why: 'not due yet' },
  },
  drift: [],
})

const audit = (identities: IdentityStatus[], unmanaged: UnmanagedUser[] = []) =>
  auditKeys({
    environment: 'dev',
    identities: identities.map((status) => ({
      status,
      arn: `arn:aws:iam::111122223333:user/${status.user}`,
      source: { file: 'keyward.yaml', line: 3, column: 3 },
    })),
    unmanaged,
  }).map((f) => `${f.id} ${f.severity} ${f.identity}`)

const cases: readonly {
  readonly name: string
  readonly identities: IdentityStatus[]
  readonly unmanaged?: UnmanagedUser[]
  readonly expected: string[]
}[] = [
  { name: 'a young key in use', identities: [identity([key()])], expected: [] },
  {
    name: 'a key exactly 90 days old is within CIS',
    identities: [identity([key({ ageDays: 90 })])],
    expected: [],
  },
  {
    name: 'a key 91 days old',
    identities: [identity([key({ ageDays: 91 })])],
    expected: ['KW801 medium app'],
  },
  {
    name: 'an old key already deactivated',
    identities: [identity([key({ ageDays: 400, status: 'Inactive', unusedDays: 300 })])],
    expected: [],
  },
  {
    name: 'unused for 44 days',
    identities: [identity([key({ unusedDays: 44 })])],
    expected: [],
  },
  {
    name: 'unused for 45 days',
    identities: [identity([key({ unusedDays: 45 })])],
    expected: ['KW802 medium app'],
  },
  {
    name: 'never used, 50 days after creation',
    identities: [identity([key({ lastUsed: null, unusedDays: 50, ageDays: 50 })])],
    expected: ['KW802 medium app'],
  },
  {
    name: 'the old key of a draining rotation: retiring, and the pair is the rotation',
    identities: [
      identity(
        [key({ key: '…BBBB' }), key({ role: 'previous', ageDays: 95, unusedDays: 60 })],
        'draining',
      ),
    ],
    expected: [],
  },
  {
    name: 'two active keys and no rotation',
    identities: [identity([key(), key({ key: '…BBBB', role: 'previous' })])],
    expected: ['KW803 medium app'],
  },
  {
    name: 'a key made by hand beside the managed one',
    identities: [identity([key(), key({ key: '…CCCC', role: 'unmanaged' })])],
    expected: ['KW803 medium app', 'KW804 medium app'],
  },
  {
    name: 'a user keyward does not manage, with an old unused key',
    identities: [],
    unmanaged: [
      {
        user: 'legacy',
        arn: 'arn:aws:iam::111122223333:user/legacy',
        keys: [key({ role: 'unmanaged', ageDays: 700, unusedDays: 600 })],
      },
    ],
    expected: ['KW801 medium legacy', 'KW802 medium legacy', 'KW804 low legacy'],
  },
]

for (const c of cases) {
  test(`key audit: ${c.name}`, () => {
    // given the keys as status read them, when audited, then exactly these findings
    assert.deepEqual(audit(c.identities, c.unmanaged).sort(), [...c.expected].sort())
  })
}

test('key audit: findings point at the identity in the manifest and carry the user ARN', () => {
  // given an old key on a managed user
  const [f] = auditKeys({
    environment: 'dev',
    identities: [
      {
        status: identity([key({ ageDays: 120 })]),
        arn: 'arn:aws:iam::111122223333:user/app-user',
        source: { file: 'keyward.yaml', line: 7, column: 3 },
      },
    ],
    unmanaged: [],
  })
  // then it is located and fingerprinted by rule, environment, identity and key
  assert.ok(f !== undefined)
  assert.equal(f.locations[0]?.location.line, 7)
  assert.deepEqual(f.resources, ['arn:aws:iam::111122223333:user/app-user'])
  assert.equal(f.fingerprint, 'key-too-old/dev/app/…AAAA')
  assert.match(f.title, /…AAAA of app-user is 120 days old/)
})
