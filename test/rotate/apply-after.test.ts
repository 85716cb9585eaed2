/**
 * apply after a rotation: a rotation records its keys in the journal and the store's stages, not
 * on the user, so apply must find the rotated key there — to replace it when the format changes,
 * and to delete it when the manifest drops the key — and never leave a second key behind.
 */
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const USER = 'after-uploader'

function manifest(key: 'id-secret' | 'env-names' | 'none'): string {
  const format =
    key === 'id-secret'
      ? "{ ID: '${key.id}', SECRET: '${key.secret}' }"
      : "{ AWS_ACCESS_KEY_ID: '${key.id}', AWS_SECRET_ACCESS_KEY: '${key.secret}' }"
  const keyBlock =
    key === 'none'
      ? ''
      : `
    key:
      store: { type: secretsmanager, name: after/uploader }
      format: ${format}
      rotation: { every: 90d, verify: true, drain: 0s, deactivateFor: 0s }`
  return `version: 1
project: after
environments:
  test: { account: '444444444444', region: us-east-1 }
identities:
  uploader:
    type: user
    name: ${USER}
    allow: [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::after-bucket/*'] }]${keyBlock}
`
}

describe('apply after a rotation', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  let file: string
  before(async () => {
    a = await startAccount('444444444444')
    file = join(a.dir, 'after.yaml')
  })
  after(() => a.close())

  const keys = async () =>
    ((await a.iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []).map(
      (k) => k.AccessKeyId ?? '',
    )
  const apply = async (...more: string[]) => {
    const done = await a.keyward(['apply', file, '--yes', ...more])
    assert.equal(done.status, 0, `${done.stdout}${done.stderr}`)
    return done
  }

  test('replaces the rotated key on a new format, and deletes it when the key goes', async () => {
    // given a key minted by apply, then rotated through a whole cycle in one run
    await writeFile(file, manifest('id-secret'))
    await apply()
    const [minted] = await keys()
    const rotated = await a.keyward(['rotate', file, '--now', '--yes'])
    assert.equal(rotated.status, 0, rotated.stderr)
    const [current, ...others] = await keys()
    assert.deepEqual(others, [])
    assert.notEqual(current, minted)
    // then a plan has nothing to do
    const plan = await a.keyward(['plan', file, '--detailed-exitcode'])
    assert.equal(plan.status, 0, plan.stdout)

    // when the format changes, then the new key replaces the rotated one: one key, and it works
    await writeFile(file, manifest('env-names'))
    await apply()
    const [fresh, ...rest] = await keys()
    assert.deepEqual(rest, [], 'a second key was left behind')
    assert.ok(fresh !== current && fresh !== minted)
    // (moto leaves AWSCURRENT on the version a rotation promoted as well — it moves the label
    // from a stale default — so the new version is read by its id, named after its key)
    const stages = await a.secrets.send(new DescribeSecretCommand({ SecretId: 'after/uploader' }))
    const version = `keyward-access-key-${fresh ?? ''}`
    assert.ok(stages.VersionIdsToStages?.[version]?.includes('AWSCURRENT'))
    const value = await a.secrets.send(
      new GetSecretValueCommand({ SecretId: 'after/uploader', VersionId: version }),
    )
    const stored = JSON.parse(value.SecretString ?? '{}') as Record<string, string>
    assert.equal(stored['AWS_ACCESS_KEY_ID'], fresh)

    // when it is rotated again and the manifest then drops the key, then no key is left
    await writeFile(file, manifest('env-names'))
    assert.equal((await a.keyward(['rotate', file, '--now', '--yes'])).status, 0)
    await writeFile(file, manifest('none'))
    await apply('--allow-delete')
    assert.deepEqual(await keys(), [])
    a.assertNothingLeaked()
  })
})
