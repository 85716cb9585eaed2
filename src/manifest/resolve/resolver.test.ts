import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ManifestSpec } from '../spec/manifest.ts'
import { EnvironmentResolver, type ResolveIssue } from './resolver.ts'

function resolverFor(spec: Partial<ManifestSpec>, env = 'dev') {
  const issues: ResolveIssue[] = []
  const full: ManifestSpec = {
    version: 1,
    project: 'demo',
    environments: { dev: { account: '111111111111', region: 'us-east-1' } },
    identities: {},
    ...spec,
  }
  return { resolver: new EnvironmentResolver(full, env, (i) => issues.push(i)), issues }
}

describe('EnvironmentResolver', () => {
  test('fills built-ins, including the partition of the region', () => {
    const { resolver } = resolverFor(
      {
        environments: { cn: { account: '111111111111', region: 'cn-north-1' } },
      },
      'cn',
    )
    assert.equal(
      resolver.template('${project}/${env}/${account}/${region}/${partition}', { path: [] }),
      'demo/cn/111111111111/cn-north-1/aws-cn',
    )
  })

  test('an environment variable overrides a top-level one, and variables may use variables', () => {
    const { resolver, issues } = resolverFor({
      vars: { team: 'core', bucket: '${team}-assets' },
      environments: {
        dev: { account: '111111111111', region: 'us-east-1', vars: { team: 'edge' } },
      },
    })
    assert.equal(resolver.template('${bucket}', { path: [] }), 'edge-assets')
    assert.deepEqual(issues, [])
  })

  test('references resolve across identities, with the store ARN pattern for secrets', () => {
    const { resolver } = resolverFor({
      identities: {
        writer: {
          type: 'user',
          name: 'w-${env}',
          key: { store: { type: 'secretsmanager', name: '${identities.writer.name}-key' } },
        },
        reader: { type: 'role', path: '/svc/', trust: { services: ['lambda.amazonaws.com'] } },
      },
    })
    assert.equal(
      resolver.template('${identities.writer.key.store.arn}', { path: [] }),
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:w-dev-key-??????',
    )
    assert.equal(
      resolver.template('${identities.reader.arn}', { path: [] }),
      'arn:aws:iam::111111111111:role/svc/reader',
    )
  })

  test('a cycle is reported once, naming the whole loop, and every member fails quietly after', () => {
    const { resolver, issues } = resolverFor({
      identities: {
        a: { type: 'user', name: '${identities.b.name}' },
        b: { type: 'user', name: '${identities.c.name}' },
        c: { type: 'user', name: '${identities.a.name}' },
      },
    })
    assert.equal(resolver.symbol('identities.a.name', { path: [] }), undefined)
    assert.equal(resolver.symbol('identities.b.name', { path: [] }), undefined)
    assert.equal(resolver.template('${identities.c.arn}', { path: [] }), undefined)
    assert.deepEqual(
      issues.map((i) => [i.code, i.message]),
      [
        [
          'reference-cycle',
          'Reference cycle: `identities.a.name` → `identities.b.name` → `identities.c.name` → `identities.a.name`.',
        ],
      ],
    )
  })

  test('policy variables and key placeholders are kept only where allowed', () => {
    const { resolver, issues } = resolverFor({})
    assert.equal(
      resolver.template('home/${aws:username}/*', { path: [] }, { policyVariables: true }),
      'home/${aws:username}/*',
    )
    assert.equal(
      resolver.template('${key.secret}', { path: [] }, { keyPlaceholders: true }),
      '${key.secret}',
    )
    assert.equal(resolver.template('${aws:username}', { path: [] }), undefined)
    assert.equal(resolver.template('${key.id}', { path: [] }), undefined)
    assert.deepEqual(
      issues.map((i) => i.code),
      ['policy-variable-not-allowed', 'key-reference-outside-format'],
    )
  })
})
