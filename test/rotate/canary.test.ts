/**
 * A rotation canary: after STS accepts the new key, one call from the identity's own grants —
 * here s3:ListBucket — made with the key before it is stored. It waits out IAM's delay like the
 * STS check; a canary that cannot pass stops the rotation with the current key untouched.
 */
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { startAccount, ADMIN, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const USER = 'canary-uploader'

function manifest(bucket: string): string {
  return `version: 1
project: canary
environments:
  test: { account: '666666666666', region: us-east-1 }
identities:
  uploader:
    type: user
    name: ${USER}
    allow: [{ actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::${bucket}'] }]
    key:
      store: { type: secretsmanager, name: canary/uploader }
      rotation:
        every: 90d
        drain: 1d
        canary: { action: s3:ListBucket, resource: 'arn:aws:s3:::${bucket}' }
`
}

describe('a rotation canary', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  let file: string
  before(async () => {
    a = await startAccount('666666666666')
    file = join(a.dir, 'canary.yaml')
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: a.moto.endpoint,
      forcePathStyle: true,
      credentials: ADMIN,
    })
    await s3.send(new CreateBucketCommand({ Bucket: 'canary-assets' }))
    s3.destroy()
  })
  after(() => a.close())

  const keys = async () =>
    ((await a.iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []).map(
      (k) => k.AccessKeyId ?? '',
    )

  test('a canary that cannot pass leaves the current key as it was', async () => {
    // given a canary on a bucket that does not exist
    await writeFile(file, manifest('canary-missing'))
    assert.equal((await a.keyward(['apply', file, '--yes'])).status, 0)
    const before = await keys()
    const failed = await a.keyward(['rotate', file, '--now', '--yes'])
    // then the rotation fails as AWS's doing, names the canary, and deletes the new key
    assert.equal(failed.status, 3, failed.stdout)
    assert.match(`${failed.stdout}${failed.stderr}`, /the canary/)
    assert.deepEqual((await keys()).sort(), [...before].sort())
    a.assertNothingLeaked()
    test('passes through IAM’s delay, made with the new key before it is stored', async () => {
      // given the canary's bucket fixed, after the failed run
      await writeFile(file, manifest('canary-assets'))
      const [old] = await keys()
      a.proxy.setKeyRules({ propagationDelayMs: 1000 })
      const listings: { key?: string; status?: number }[] = []
      const stop = a.proxy.onCall((c) => {
        if (c.operation === 's3:ListObjectsV2')
          listings.push({
            ...(c.accessKeyId === undefined ? {} : { key: c.accessKeyId }),
            ...(c.status === undefined ? {} : { status: c.status }),
          })
      })
      try {
        // (an hour on: the failed run's pending record is no longer a run at work)
        const done = await a.keyward(['rotate', file, '--now', '--yes', '--clock', '+1h'])
        assert.equal(done.status, 0, `${done.stdout}${done.stderr}`)
        assert.match(done.stdout, /verified/)
        const fresh = (await keys()).find((k) => k !== old)
        assert.ok(fresh !== undefined)
        // the canary was signed by the new key, and its last try went through
        assert.ok(listings.length >= 1)
        assert.ok(listings.every((l) => l.key === fresh))
        assert.equal(listings.at(-1)?.status, 200)
      } finally {
        stop()
        a.proxy.setKeyRules({})
      }
    })
  })
})
