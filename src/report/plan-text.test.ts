import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Op, Plan } from '../plan/plan.ts'
import { PLAN_FORMAT, summarize } from '../plan/plan.ts'
import { formatPlan } from './plan-text.ts'
import { PLAIN } from './style.ts'

function planOf(ops: Op[], conflicts: Plan['conflicts'] = []): Plan {
  return {
    format: PLAN_FORMAT,
    scope: {
      owner: { project: 'acme', environment: 'dev' },
      account: '111111111111',
      region: 'us-east-1',
      registry: '/keyward/acme/dev/registry',
      names: [],
      secretNames: [],
      parameterNames: [],
      secretPolicies: {},
      roles: false,
    },
    manifest: { file: 'keyward.yaml', hash: 'h' },
    state: 's',
    createdAt: '2026-11-21T00:00:00.000Z',
    ops,
    conflicts,
    summary: summarize(ops),
  }
}

const op = (partial: Partial<Op> & Pick<Op, 'op' | 'kind' | 'name'>): Op => ({
  id: partial.name,
  diffs: [],
  steps: [{ kind: 'delete-group', group: partial.name }],
  ...partial,
})

test('each kind of change has its mark, and a summary counts them', () => {
  // given a plan with one op of each kind
  const text = formatPlan(
    planOf([
      op({ op: 'create', kind: 'user', name: 'a' }),
      op({ op: 'rename', kind: 'group', name: 'b', previousName: 'old-b' }),
      op({ op: 'adopt', kind: 'role', name: 'c' }),
      op({ op: 'mint', kind: 'secret', name: 'd', note: 'new store' }),
      op({ op: 'delete', kind: 'user', name: 'e', blocked: 'needs --allow-delete' }),
      op({ op: 'no-op', kind: 'user', name: 'f', steps: [] }),
    ]),
    PLAIN,
  )
  // then each shows as a reviewer expects it
  assert.match(text, /^\[\+\] user +a$/m)
  assert.match(text, /^\[~\] group +b \(renamed from old-b\)$/m)
  assert.match(text, /^\[~\] role +c \(adopted: keyward takes over the existing one\)$/m)
  assert.match(text, /^\[\+\] secret +d \(key minted\)\n +new store$/m)
  assert.match(text, /^\[-\] user +e\n +skipped: needs --allow-delete$/m)
  assert.doesNotMatch(text, /\] user +f/, 'unchanged resources are only counted')
  assert.match(
    text,
    /Plan: 1 to create, 1 to rename, 1 to adopt, 1 to delete, 1 key to mint; 1 unchanged\. 1 delete held back: run with --allow-delete\./,
  )
})

test('documents show as a JSON diff, names as one line, broadening as a warning', () => {
  const text = formatPlan(
    planOf([
      op({
        op: 'update',
        kind: 'user',
        name: 'a',
        diffs: [
          {
            property: 'inline policy p',
            before: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
            },
            after: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
              ],
            },
          },
          { property: 'groups', before: ['x'], after: ['x', 'y'] },
          { property: 'path', before: '/', after: '/ci/' },
        ],
        broadens: { added: ['s3:PutObject'], more: 2 },
      }),
    ]),
    PLAIN,
  )
  assert.match(text, /^ +\+ +"s3:PutObject"$/m)
  assert.match(text, /^ +groups: \[x\] → \[x, y\]$/m)
  assert.match(text, /^ +path: "\/" → "\/ci\/"$/m)
  assert.match(text, /⚠ broadens permissions: s3:PutObject and 2 more/)
})

test('conflicts are listed with their fix, and a plan with none and no changes says so', () => {
  const conflicted = formatPlan(
    planOf(
      [],
      [{ kind: 'user', id: 'a', name: 'a', message: 'A user named a exists.', hint: 'Adopt it.' }],
    ),
    PLAIN,
  )
  assert.match(conflicted, /✖ conflict: user a: A user named a exists\.\n +hint: Adopt it\./)
  assert.match(conflicted, /1 conflict to resolve before apply/)
  assert.match(formatPlan(planOf([]), PLAIN), /No changes\. The account matches the manifest/)
})
