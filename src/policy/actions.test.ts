import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { lookupAction, servicePatternsOf } from './actions.ts'
import { loadCatalog, type Catalog } from './catalog.ts'

describe('lookupAction', () => {
  let catalog: Catalog
  before(async () => {
    catalog = await loadCatalog(['s3', 'ecr', 'iam'])
  })

  test('finds an action whatever its case, and returns AWS’s spelling', () => {
    const found = lookupAction(catalog, 'S3:putobject')
    assert.equal(found.kind, 'actions')
    assert.deepEqual(
      found.actions.map((a) => a.name),
      ['PutObject'],
    )
  })

  test('expands wildcards within a service', () => {
    const found = lookupAction(catalog, 's3:PutObject*')
    assert.equal(found.kind, 'actions')
    const names = found.actions.map((a) => a.name)
    assert.ok(names.includes('PutObjectAcl') && names.includes('PutObjectTagging'))
    assert.ok(names.every((n) => n.startsWith('PutObject')))
  })

  test('`*` is every action; unknown services and actions come with suggestions', () => {
    assert.equal(lookupAction(catalog, '*').kind, 'all')
    assert.deepEqual(lookupAction(catalog, 'ecr:PutImag'), {
      kind: 'unknown-action',
      suggestions: ['ecr:PutImage'],
    })
    const service = lookupAction(catalog, 'iamm:GetUser')
    assert.equal(service.kind, 'unknown-service')
    assert.deepEqual(service.suggestions, ['iam'])
    assert.equal(lookupAction(catalog, 'GetObject').kind, 'malformed')
  })

  test('knows which services a list of actions needs', () => {
    assert.deepEqual(
      [...servicePatternsOf(['s3:GetObject', 'EC2:Describe*', '*', 'bad'])],
      ['s3', 'ec2'],
    )
  })
})
