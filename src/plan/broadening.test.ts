import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { loadCatalog } from '../policy/catalog.ts'
import { ActionTable } from '../policy/sweep/action-table.ts'
import { servicesNamed } from '../policy/actions.ts'
import { sweepDiffer, syntacticDiffer, type PermissionDiffer } from './broadening.ts'

const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements })
const allow = (Action: string | string[], Resource = '*') => ({ Effect: 'Allow', Action, Resource })
const deny = (Action: string | string[], Resource = '*') => ({ Effect: 'Deny', Action, Resource })

let sweep: PermissionDiffer
before(async () => {
  sweep = sweepDiffer(new ActionTable(await loadCatalog(['s3', 'sqs'])), '111111111111')
})

test('a new action, or a wider resource for an old one, broadens', () => {
  const before = [doc(allow('s3:GetObject', 'arn:aws:s3:::b/a/*'))]
  assert.deepEqual(
    sweep({
      before,
      after: [doc(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::b/a/*'))],
      notes: [],
    })?.added,
    ['s3:PutObject'],
  )
  assert.deepEqual(
    sweep({ before, after: [doc(allow('s3:GetObject', 'arn:aws:s3:::b/*'))], notes: [] })?.added,
    ['s3:GetObject on arn:aws:s3:::b/*'],
  )
})

test('narrowing, an added Deny, or the same grant written another way does not', () => {
  const before = [doc(allow(['s3:GetObject', 's3:PutObject']))]
  for (const after of [
    [doc(allow('s3:GetObject'))],
    [doc(allow(['s3:GetObject', 's3:PutObject']), deny('s3:PutObject'))],
    [doc(allow(['s3:PutObject', 's3:GetObject']))],
    [doc(allow('s3:GetObject')), doc(allow('s3:PutObject'))],
  ])
    assert.equal(sweep({ before, after, notes: [] }), undefined, JSON.stringify(after))
})

test('what keyward cannot weigh from documents counts as broadening', () => {
  const same = [doc(allow('s3:GetObject'))]
  const result = sweep({
    before: same,
    after: same,
    notes: ['attaches arn:aws:iam::aws:policy/ReadOnlyAccess'],
  })
  assert.deepEqual(result?.added, ['attaches arn:aws:iam::aws:policy/ReadOnlyAccess'])
})

test('without the catalog, a new Allow statement or a removed Deny is what counts', () => {
  const before = [doc(allow('s3:GetObject'), deny('s3:DeleteObject'))]
  assert.equal(syntacticDiffer({ before, after: before, notes: [] }), undefined)
  assert.ok(syntacticDiffer({ before, after: [doc(allow('s3:GetObject'))], notes: [] }))
  assert.ok(
    syntacticDiffer({ before, after: [...before, doc(allow('sqs:SendMessage'))], notes: [] }),
  )
})

test('only the services the documents name are loaded, unless a NotAction or * needs them all', () => {
  assert.deepEqual(
    servicesNamed([
      doc(allow(['s3:GetObject', 'SQS:SendMessage'])),
      doc(allow('s3*:List*')),
    ]).sort(),
    ['s3', 's3*', 'sqs'],
  )
  assert.deepEqual(servicesNamed([doc(allow('*'))]), ['*'])
  assert.deepEqual(servicesNamed([doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })]), [
    '*',
  ])
  assert.deepEqual(servicesNamed([undefined, 'text', doc()]), [])
})
