/**
 * Which key an adopted store holds, against a port whose STS checks the secret as AWS does —
 * moto accepts any secret for a key id, so the integration tests cannot tell two keys apart.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AccessKeyInfo, KeyCheck, MintedKey } from '../model/ports.ts'
import type { KeyFormat } from '../model/resolved.ts'
import { Sensitive } from '../model/sensitive.ts'
import { identifyKey } from './held-key.ts'

const USER = { name: 'Bob', arn: 'arn:aws:iam::123456789012:user/Bob' }
// The example keys of the AWS documentation.
const FIRST = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const SECOND = { id: 'AKIAI44QH8DHBEXAMPLE', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' }
const SECRET_ALONE: KeyFormat = { kind: 'text', template: '${key.secret}' }
const BOTH: KeyFormat = {
  kind: 'json',
  fields: { AWS_ACCESS_KEY_ID: '${key.id}', AWS_SECRET_ACCESS_KEY: '${key.secret}' },
}

/** Bob's keys; STS answers as Bob only for a key id signed with its own secret. */
function port(keys: readonly AccessKeyInfo[], secrets: Readonly<Record<string, string>>) {
  const checked: string[] = []
  return {
    checked,
    listKeys: (user: string) => {
      assert.equal(user, USER.name)
      return Promise.resolve(keys)
    },
    checkKey: (key: MintedKey): Promise<KeyCheck> => {
      checked.push(key.id)
      return Promise.resolve(
        secrets[key.id] === key.secret.reveal()
          ? { kind: 'accepted', arn: USER.arn }
          : { kind: 'rejected', code: 'SignatureDoesNotMatch' },
      )
    },
  }
}

const active = (id: string): AccessKeyInfo => ({ id, status: 'Active' })
const SECRETS = { [FIRST.id]: FIRST.secret, [SECOND.id]: SECOND.secret }

test('the secret alone names the key STS accepts it with, as the user', async () => {
  const p = port([active(FIRST.id), active(SECOND.id)], SECRETS)
  const held = await identifyKey(p, SECRET_ALONE, new Sensitive(SECOND.secret), USER)
  assert.deepEqual(held, { heldKey: SECOND.id })
  assert.deepEqual(p.checked, [FIRST.id, SECOND.id])
})

test('a secret no key of the user signs in with, or signs in as someone else, holds none', async () => {
  const p = port([active(FIRST.id)], SECRETS)
  const held = await identifyKey(p, SECRET_ALONE, new Sensitive(SECOND.secret), USER)
  assert.deepEqual(held, { unmatched: 'no active key of Bob signs in with the secret it holds' })
  const other = {
    ...port([active(FIRST.id)], SECRETS),
    checkKey: (): Promise<KeyCheck> =>
      Promise.resolve({ kind: 'accepted', arn: 'arn:aws:iam::123456789012:user/Alice' }),
  }
  const alice = await identifyKey(other, SECRET_ALONE, new Sensitive(FIRST.secret), USER)
  assert.ok(alice.heldKey === undefined)
})

test('an id in the format is taken as it is, when it is an active key of the user', async () => {
  const value = new Sensitive(
    JSON.stringify({ AWS_ACCESS_KEY_ID: FIRST.id, AWS_SECRET_ACCESS_KEY: FIRST.secret }),
  )
  const p = port([active(FIRST.id)], SECRETS)
  assert.deepEqual(await identifyKey(p, BOTH, value, USER), { heldKey: FIRST.id })
  assert.deepEqual(p.checked, [], 'no STS call is needed')
  const inactive = port([{ id: FIRST.id, status: 'Inactive' }], SECRETS)
  assert.deepEqual(await identifyKey(inactive, BOTH, value, USER), {
    unmatched: 'its key …MPLE is not an active key of Bob',
  })
  const another = port([active(SECOND.id)], SECRETS)
  assert.ok((await identifyKey(another, BOTH, value, USER)).heldKey === undefined)
})

test('a value not in the format is not looked up at all', async () => {
  const p = {
    listKeys: () => Promise.reject(new Error('listed')),
    checkKey: () => Promise.reject(new Error('checked')),
  }
  const held = await identifyKey(p, BOTH, new Sensitive(FIRST.secret), USER)
  assert.deepEqual(held, { unmatched: 'it is not a JSON object' })
})
