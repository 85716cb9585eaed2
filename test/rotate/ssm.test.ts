/**
 * Rotation of a key kept in an SSM parameter (seed 002's signer, `every: never`, so only on
 * --now). SSM has no version stages: the pending key waits in a companion parameter, promotion
 * copies it over as a new version labelled with its key id, and a rollback reads that label.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import {
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const FILE = 'examples/ssm-generated-key.yaml'
const USER = 'signer-3f9a1c07'
const NAME = '/signer-3f9a1c07/secret-access-key'

describe(
  'rotating a key kept in SSM',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    before(async () => {
      a = await startAccount('444444444444', 'eu-central-1')
      const applied = await a.keyward(['apply', FILE, '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      a.proxy.setKeyRules({ propagationDelayMs: 500, rejectInactive: true })
    })
    after(() => a.close())

    const keys = async () =>
      (
        (await a.iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []
      ).map((k) => ({ id: k.AccessKeyId ?? '', status: k.Status }))
    /** The parameter's secret with the key id recorded beside it works as the user. */
    async function storedKeyWorks(): Promise<string> {
      const tags = await a.ssm.send(
        new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: NAME }),
      )
      const id = tags.TagList?.find((t) => t.Key === 'keyward:key-id')?.Value ?? ''
      const value = await a.ssm.send(new GetParameterCommand({ Name: NAME, WithDecryption: true }))
      const sts = a.sts({ accessKeyId: id, secretAccessKey: value.Parameter?.Value ?? '' })
      try {
        const me = await sts.send(new GetCallerIdentityCommand({}))
        assert.match(me.Arn ?? '', new RegExp(`:user/${USER}$`))
      } finally {
        sts.destroy()
      }
      return id
    }

    test('--now rotates it; --rollback brings the old key back from its labelled version', async () => {
      const first = await storedKeyWorks()
      // given every: never, when rotate runs as scheduled, then nothing is due
      const due = await a.keyward(['rotate', FILE, '--yes', '--clock', '+400d'])
      assert.equal(due.status, 0, due.stderr)
      assert.match(due.stdout, /signer: current — rotated only when asked/)
      // when asked to rotate now
      const now = await a.keyward(['rotate', FILE, '--now', '--yes'])
      assert.equal(now.status, 0, now.stderr)
      assert.match(now.stdout, /promoted/)
      const second = await storedKeyWorks()
      assert.notEqual(second, first)
      // the companion that held the pending key is gone
      const companions = await a.ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Name', Values: [`${NAME}.keyward-pending`] }],
        }),
      )
      assert.deepEqual(companions.Parameters ?? [], [])
      // when rolled back during the drain, the first key is current again
      const back = await a.keyward(['rotate', FILE, '--rollback', 'signer', '--yes'])
      assert.equal(back.status, 0, back.stderr)
      assert.equal(await storedKeyWorks(), first)
      // and the second key is retired in turn
      await a.keyward(['rotate', FILE, '--yes', '--clock', '+2d'])
      await a.keyward(['rotate', FILE, '--yes', '--clock', '+10d'])
      assert.deepEqual(await keys(), [{ id: first, status: 'Active' }])
      a.assertNothingLeaked()
    })
  },
)
