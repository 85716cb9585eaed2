/**
 * The renderer on small manifests: which store each consumer is read through, how the Secret is
 * filled, and each problem that stops a consumer from being rendered, at its manifest line.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { storeReaders } from '../analyze/store-readers.ts'
import { loadManifest } from '../manifest/load.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { KubeObject } from './objects.ts'
import { renderKubernetes, type KubernetesRender } from './render.ts'

const HEAD = `version: 1
project: shop
environments:
  dev: { account: '111111111111', region: eu-west-1 }
identities:
`

async function render(
  identities: string,
): Promise<{ env: ResolvedEnvironment; out: KubernetesRender }> {
  const result = await loadManifest({ file: 'k.yaml', text: HEAD + identities })
  if (result.kind !== 'valid') assert.fail(JSON.stringify(result.diagnostics, null, 2))
  const env = result.manifest.environments.get('dev')
  assert.ok(env)
  return { env, out: renderKubernetes(env, (store) => storeReaders(env, store)) }
}

const find = (out: KubernetesRender, kind: string, name: string): KubeObject => {
  const found = out.objects.find((o) => o.kind === kind && o.metadata.name === name)
  assert.ok(
    found,
    `${kind} ${name} in ${out.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
  )
  return found
}
const spec = (o: KubeObject) => o['spec'] as Record<string, unknown>

const API_KEY = `  api:
    type: user
    key:
      store: { type: secretsmanager, name: shop-api }
      format: { id: '\${key.id}', secret: '\${key.secret}', region: eu-west-1 }
`
const ESO_ROLE = (serviceAccounts: string) => `  eso:
    type: role
    trust:
      oidc:
        issuer: https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123
        serviceAccounts: ${serviceAccounts}
    allow:
      - actions: [secretsmanager:GetSecretValue]
        resources: ['\${identities.api.key.store.arn}']
`
const CONSUMER = (extra = '') => `    consumers:
      - kubernetes: { namespace: shop, secret: api-key${extra} }
`

describe('a role ESO assumes', () => {
  test('trusting a service account in the consumer namespace: a namespaced store with jwt auth', async () => {
    // given a role trusting shop/eso that can read the api key's store
    const { out } = await render(API_KEY + CONSUMER() + ESO_ROLE('[shop/eso]'))
    // then the store is namespaced, and authenticates with the service account's token
    assert.deepEqual(out.problems, [])
    const store = find(out, 'SecretStore', 'eso')
    assert.equal(store.metadata.namespace, 'shop')
    assert.deepEqual(spec(store)['provider'], {
      aws: {
        service: 'SecretsManager',
        region: 'eu-west-1',
        auth: { jwt: { serviceAccountRef: { name: 'eso' } } },
      },
    })
    // and the service account carries the role ARN
    const account = find(out, 'ServiceAccount', 'eso')
    assert.equal(account.metadata.namespace, 'shop')
    assert.deepEqual(account.metadata.annotations, {
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/eso',
    })
  })

  test('trusting one service account elsewhere: a cluster store limited to the consumer namespaces', async () => {
    const { out } = await render(API_KEY + CONSUMER() + ESO_ROLE('[external-secrets/eso]'))
    assert.deepEqual(out.problems, [])
    const store = find(out, 'ClusterSecretStore', 'eso')
    assert.equal(store.metadata.namespace, undefined)
    assert.deepEqual(spec(store)['conditions'], [{ namespaces: ['shop'] }])
    assert.deepEqual((spec(store)['provider'] as { aws: { auth: unknown } }).aws.auth, {
      jwt: { serviceAccountRef: { name: 'eso', namespace: 'external-secrets' } },
    })
  })

  test('trusting several service accounts, none in the namespace: a problem at the consumer', async () => {
    const { out } = await render(API_KEY + CONSUMER() + ESO_ROLE('[a/eso, b/eso]'))
    assert.equal(out.objects.filter((o) => o.kind === 'ExternalSecret').length, 0)
    const problem = out.problems[0]
    assert.ok(problem)
    assert.equal(problem.severity, 'error')
    assert.match(problem.message, /trusts no service account in namespace shop/)
    assert.equal(problem.at.line, 12)
  })

  test('requiring another audience: the store asks ESO for tokens with it', async () => {
    const role = ESO_ROLE('[shop/eso]').replace(
      'serviceAccounts:',
      'audience: sts.example.com\n        serviceAccounts:',
    )
    const { out } = await render(API_KEY + CONSUMER() + role)
    const store = find(out, 'SecretStore', 'eso')
    assert.deepEqual((spec(store)['provider'] as { aws: { auth: unknown } }).aws.auth, {
      jwt: { serviceAccountRef: { name: 'eso', audiences: ['sts.example.com'] } },
    })
    assert.equal(
      find(out, 'ServiceAccount', 'eso').metadata.annotations?.['eks.amazonaws.com/audience'],
      'sts.example.com',
    )
  })
})

describe('a user ESO signs in as', () => {
  const READER = `  reader:
    type: user
    name: Shop.Reader
    allow:
      - actions: [secretsmanager:GetSecretValue]
        resources: ['\${identities.api.key.store.arn}', '\${identities.reader.key.store.arn}']
    key:
      store: { type: secretsmanager, name: shop-reader }
`
  test('reads its key from the Secret of its own consumer, which ESO then keeps current', async () => {
    const { out } = await render(
      API_KEY +
        CONSUMER() +
        READER +
        '    consumers:\n      - kubernetes: { namespace: shop, secret: reader-key }\n',
    )
    assert.deepEqual(out.problems, [])
    // the store name is the IAM name made a Kubernetes name
    const store = find(out, 'SecretStore', 'shop.reader')
    assert.deepEqual((spec(store)['provider'] as { aws: { auth: unknown } }).aws.auth, {
      secretRef: {
        accessKeyIDSecretRef: { name: 'reader-key', key: 'AWS_ACCESS_KEY_ID' },
        secretAccessKeySecretRef: { name: 'reader-key', key: 'AWS_SECRET_ACCESS_KEY' },
      },
    })
    // the reader's own Secret is merged into, never owned: deleting it would cut ESO off
    assert.deepEqual(spec(find(out, 'ExternalSecret', 'reader-key'))['target'], {
      name: 'reader-key',
      creationPolicy: 'Merge',
      deletionPolicy: 'Retain',
    })
    assert.deepEqual(spec(find(out, 'ExternalSecret', 'api-key'))['target'], {
      name: 'api-key',
      creationPolicy: 'Owner',
    })
    assert.deepEqual(out.bootstraps, [
      {
        identity: 'reader',
        namespace: 'shop',
        secret: 'reader-key',
        fields: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' },
      },
    ])
  })

  test('without a Secret for its own key: a problem saying where to declare one', async () => {
    const { out } = await render(API_KEY + CONSUMER() + READER)
    const [problem] = out.problems
    assert.match(problem?.message ?? '', /nothing says which Kubernetes Secret holds its key/)
    assert.match(problem?.hint ?? '', /keyward bootstrap k8s/)
  })

  test('that cannot read its own key: rendered, with a warning that it will not follow rotations', async () => {
    const reader = READER.replace(", '${identities.reader.key.store.arn}'", '')
    const { out } = await render(
      API_KEY +
        CONSUMER() +
        reader +
        '    consumers:\n      - kubernetes: { namespace: shop, secret: reader-key }\n',
    )
    assert.deepEqual(
      out.problems.map((p) => p.severity),
      ['warning'],
    )
    assert.match(out.problems[0]?.message ?? '', /will not follow a rotation/)
    assert.ok(find(out, 'ExternalSecret', 'api-key'))
    assert.equal(out.bootstraps.length, 1)
  })
})

describe('a reader whose own key two identities can read', () => {
  test('stays an error: only a key nobody can read is left to bootstrap alone', async () => {
    const reader = `  reader:
    type: user
    allow:
      - actions: [secretsmanager:GetSecretValue]
        resources: ['\${identities.api.key.store.arn}', '\${identities.reader.key.store.arn}']
    key:
      store: { type: secretsmanager, name: shop-reader }
    consumers:
      - kubernetes: { namespace: shop, secret: reader-key }
  auditor:
    type: role
    trust: { services: [lambda.amazonaws.com] }
    allow:
      - actions: [secretsmanager:GetSecretValue]
        resources: ['\${identities.reader.key.store.arn}']
`
    const { out } = await render(API_KEY + CONSUMER(', reader: reader') + reader)
    assert.deepEqual(
      out.problems.map((p) => [p.severity, p.message]),
      [['error', 'reader, auditor can all read shop-reader; keyward will not pick one for ESO.']],
    )
  })
})

describe('what the Secret holds', () => {
  test('every field of a JSON key, from the version AWSCURRENT names', async () => {
    const { out } = await render(API_KEY + CONSUMER() + ESO_ROLE('[shop/eso]'))
    const es = find(out, 'ExternalSecret', 'api-key')
    assert.deepEqual(spec(es)['dataFrom'], [
      { extract: { key: 'shop-api', version: 'AWSCURRENT' } },
    ])
    assert.equal(spec(es)['refreshInterval'], '1h')
    assert.deepEqual(spec(es)['secretStoreRef'], { name: 'eso', kind: 'SecretStore' })
  })

  test('mapped keys: only those fields, under the names given', async () => {
    const consumer = CONSUMER(', refresh: 90m, keys: { ACCESS_KEY: id, SECRET_KEY: secret }')
    const { out } = await render(API_KEY + consumer + ESO_ROLE('[shop/eso]'))
    const es = find(out, 'ExternalSecret', 'api-key')
    assert.equal(spec(es)['refreshInterval'], '1h30m')
    assert.deepEqual(spec(es)['data'], [
      {
        secretKey: 'ACCESS_KEY',
        remoteRef: { key: 'shop-api', version: 'AWSCURRENT', property: 'id' },
      },
      {
        secretKey: 'SECRET_KEY',
        remoteRef: { key: 'shop-api', version: 'AWSCURRENT', property: 'secret' },
      },
    ])
  })

  test('an SSM key: a ParameterStore store, and the newest version', async () => {
    const ssm = API_KEY.replace(
      'type: secretsmanager, name: shop-api',
      'type: ssm, name: /shop/api',
    )
    const role = ESO_ROLE('[shop/eso]').replace('secretsmanager:GetSecretValue', 'ssm:GetParameter')
    const { out } = await render(ssm + CONSUMER() + role)
    assert.deepEqual(out.problems, [])
    const store = find(out, 'SecretStore', 'eso-ssm')
    assert.equal(
      (spec(store)['provider'] as { aws: { service: string } }).aws.service,
      'ParameterStore',
    )
    assert.deepEqual(spec(find(out, 'ExternalSecret', 'api-key'))['dataFrom'], [
      { extract: { key: '/shop/api' } },
    ])
  })
})

describe('choosing the reader', () => {
  test('nobody can read the store: a problem with the grant to add', async () => {
    const { out } = await render(API_KEY + CONSUMER())
    assert.match(
      out.problems[0]?.message ?? '',
      /No user or role in this manifest can read shop-api/,
    )
    assert.match(out.problems[0]?.hint ?? '', /identities\.api\.key\.store\.arn/)
  })

  test('two identities can: keyward will not pick, unless the consumer names one', async () => {
    const other = ESO_ROLE('[shop/other]').replace('  eso:', '  other:')
    const ambiguous = await render(API_KEY + CONSUMER() + ESO_ROLE('[shop/eso]') + other)
    assert.match(ambiguous.out.problems[0]?.message ?? '', /eso, other can all read shop-api/)
    const named = await render(
      API_KEY + CONSUMER(', reader: other') + ESO_ROLE('[shop/eso]') + other,
    )
    assert.deepEqual(named.out.problems, [])
    assert.deepEqual(spec(find(named.out, 'ExternalSecret', 'api-key'))['secretStoreRef'], {
      name: 'other',
      kind: 'SecretStore',
    })
  })

  test('a named reader without the grant: a problem, not a store that would fail at runtime', async () => {
    const idle = '  idle:\n    type: role\n    trust: { services: [lambda.amazonaws.com] }\n'
    const { out } = await render(
      API_KEY + CONSUMER(', reader: idle') + ESO_ROLE('[shop/eso]') + idle,
    )
    assert.match(out.problems[0]?.message ?? '', /idle cannot read shop-api/)
  })
})

describe('restarts and service accounts', () => {
  test('a workload restarted for two Secrets gets one annotation naming both', async () => {
    const two = `    consumers:
      - kubernetes: { namespace: shop, secret: api-key, restart: [deployment/web] }
      - kubernetes: { namespace: shop, secret: api-key-copy, restart: [deployment/web, statefulset/db] }
`
    const { out } = await render(API_KEY + two + ESO_ROLE('[shop/eso]'))
    assert.deepEqual(
      out.restarts.map((r) => [r.kind, r.metadata.name, r.metadata.annotations]),
      [
        ['Deployment', 'web', { 'secret.reloader.stakater.com/reload': 'api-key,api-key-copy' }],
        ['StatefulSet', 'db', { 'secret.reloader.stakater.com/reload': 'api-key-copy' }],
      ],
    )
  })

  test('two roles trusting one service account: rendered once, with a warning', async () => {
    const twin = ESO_ROLE('[shop/eso]').replace('  eso:', '  twin:')
    const { out } = await render(
      API_KEY + CONSUMER(', reader: eso') + ESO_ROLE('[shop/eso]') + twin,
    )
    assert.equal(out.objects.filter((o) => o.kind === 'ServiceAccount').length, 1)
    assert.match(
      out.problems[0]?.message ?? '',
      /twin and eso both trust the service account shop\/eso/,
    )
  })
})
