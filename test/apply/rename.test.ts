/**
 * Seed 001's case: the group `ecr-managers` becomes `asset-publishers`, and its user moves. A
 * rename in the manifest is a rename in IAM (UpdateGroup, UpdateUser) — never delete and create —
 * so the user keeps its id and its access key, and its consumers notice nothing.
 */
import { GetGroupCommand, GetUserCommand } from '@aws-sdk/client-iam'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Plan } from '../../src/plan/plan.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { accessKeys } from '../support/inspect.ts'
import { motoAvailable } from '../support/moto.ts'

const SEED = readFileSync('examples/nullplatform.yaml', 'utf8')
const USER = 'nullplatform-main-build-workflow-user'
const OLD_GROUP = 'nullplatform-main-ecr-managers'
const NEW_GROUP = 'nullplatform-main-asset-publishers'

/** The seed as it was before the rename: the group still called ecr-managers. */
const BEFORE = SEED.replace(
  'name: nullplatform-${cluster}-asset-publishers',
  'name: nullplatform-${cluster}-ecr-managers',
)
/** The seed as it is, with the user moved under /ci/ as well. */
const AFTER = SEED.replace(
  'name: nullplatform-${cluster}-build-workflow-user',
  'name: nullplatform-${cluster}-build-workflow-user\n    path: /ci/',
)

describe(
  'renaming seed 001’s group and moving its user',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    before(async () => {
      a = await startAccount('333333333333')
      file = join(a.dir, 'keyward.yaml')
      assert.notEqual(BEFORE, SEED)
      assert.notEqual(AFTER, SEED)
    })
    after(() => a.close())

    test('keeps the user id, the group id and the access key', async () => {
      // given the seed applied with the group's old name
      writeFileSync(file, BEFORE)
      assert.equal((await a.keyward(['apply', file, '--yes'])).status, 0)
      const user = (await a.iam.send(new GetUserCommand({ UserName: USER }))).User
      const group = (await a.iam.send(new GetGroupCommand({ GroupName: OLD_GROUP }))).Group
      const keys = await accessKeys(a, USER)
      assert.equal(keys.length, 1)

      // when the group is renamed and the user moved
      writeFileSync(file, AFTER)
      const planned = await a.keyward(['plan', file, '-o', 'json'])
      const plan = JSON.parse(planned.stdout) as Plan
      const changes = plan.ops.filter((op) => op.op !== 'no-op')
      // then the plan renames in place — nothing is created, deleted or minted
      assert.deepEqual(
        changes
          .filter((op) => op.kind !== 'registry')
          .map((op) => `${op.op} ${op.kind} ${op.name}`),
        [`rename group ${NEW_GROUP}`, `update user ${USER}`],
      )
      assert.ok(changes.every((op) => !['create', 'delete', 'mint'].includes(op.op)))
      const text = await a.keyward(['plan', file])
      assert.match(
        text.stdout,
        /\[~\] group +nullplatform-main-asset-publishers \(renamed from nullplatform-main-ecr-managers\)/,
      )
      assert.match(text.stdout, /path: "\/" → "\/ci\/"/)

      const applied = await a.keyward(['apply', file, '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      const moved = (await a.iam.send(new GetUserCommand({ UserName: USER }))).User
      const renamed = await a.iam.send(new GetGroupCommand({ GroupName: NEW_GROUP }))
      assert.equal(moved?.UserId, user?.UserId)
      assert.equal(moved?.Path, '/ci/')
      assert.equal(renamed.Group?.GroupId, group?.GroupId)
      assert.deepEqual(
        renamed.Users?.map((u) => u.UserName),
        [USER],
      )
      assert.deepEqual(await accessKeys(a, USER), keys)

      // and the account now matches: nothing left to do
      const again = JSON.parse((await a.keyward(['plan', file, '-o', 'json'])).stdout) as Plan
      assert.deepEqual(
        again.ops.filter((op) => op.op !== 'no-op'),
        [],
      )
    })

    test('a user joining and leaving groups keeps its key too', async () => {
      // given a second group, declared, which the user joins while leaving the first
      const joined = AFTER.replace('groups: [asset-publishers]', 'groups: [releasers]').concat(
        '\n  releasers:\n    type: group\n    name: nullplatform-${cluster}-releasers\n',
      )
      writeFileSync(file, joined)
      const keys = await accessKeys(a, USER)
      const applied = await a.keyward(['apply', file, '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      const releasers = await a.iam.send(
        new GetGroupCommand({ GroupName: 'nullplatform-main-releasers' }),
      )
      const publishers = await a.iam.send(new GetGroupCommand({ GroupName: NEW_GROUP }))
      assert.deepEqual(
        releasers.Users?.map((u) => u.UserName),
        [USER],
      )
      assert.deepEqual(publishers.Users ?? [], [])
      assert.deepEqual(await accessKeys(a, USER), keys)
    })

    test('nothing secret was shown', () => a.assertNothingLeaked())
  },
)
