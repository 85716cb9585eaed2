/**
 * `keyward render k8s` as a user runs it: every example renders objects that External Secrets
 * Operator's and Kubernetes' own schemas accept (kubernetes-models, generated from the CRDs and
 * the OpenAPI spec), with the names, namespaces and annotations the seeds describe.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore'
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret'
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore'
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet'
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount'
import { parseAllDocuments } from 'yaml'
import type { KubeObject } from '../../src/k8s/objects.ts'
import { cli } from '../support/io.ts'

type Validating = { validate(): void }
const MODELS: Record<string, (data: never) => Validating> = {
  ServiceAccount: (d) => new ServiceAccount(d),
  SecretStore: (d) => new SecretStore(d),
  ClusterSecretStore: (d) => new ClusterSecretStore(d),
  ExternalSecret: (d) => new ExternalSecret(d),
  Deployment: (d) => new Deployment(d),
  StatefulSet: (d) => new StatefulSet(d),
  DaemonSet: (d) => new DaemonSet(d),
}

/** Throws with the schema's complaint when an object is not what its API accepts. */
function validate(o: KubeObject): void {
  const model = MODELS[o.kind]
  assert.ok(model, `no schema for ${o.kind}`)
  model(o as never).validate()
}

async function render(...args: string[]): Promise<KubeObject[]> {
  const out = await cli(['render', 'k8s', ...args, '-o', 'json'])
  assert.equal(out.status, 0, out.stderr)
  const list = JSON.parse(out.stdout) as { kind: string; items: KubeObject[] }
  assert.equal(list.kind, 'List')
  return list.items
}

const ENVIRONMENTS: Record<string, string[]> = {
  tomoda: ['dev', 'prod'],
  'tomoda-federated': ['dev', 'prod'],
  'pennlabs-irsa': ['production'],
}

describe('every rendered object validates against its schema', () => {
  for (const [example, envs] of Object.entries(ENVIRONMENTS)) {
    for (const env of envs) {
      test(`${example} ${env}`, async () => {
        const file = `examples/${example}.yaml`
        const objects = await render(file, '--env', env)
        const restarts = await render(file, '--env', env, '--restarts')
        assert.ok(objects.length > 0)
        for (const o of [...objects, ...restarts]) validate(o)
      })
    }
  }

  test('cluster stores, mapped keys, SSM and audiences validate too', async () => {
    const text = `version: 1
project: p
environments:
  dev: { account: '111111111111', region: us-east-1 }
identities:
  app:
    type: user
    key:
      store: { type: ssm, name: /p/app }
    consumers:
      - kubernetes: { namespace: a, secret: app, keys: { ID: AWS_ACCESS_KEY_ID }, restart: [daemonset/agent] }
      - kubernetes: { namespace: b, secret: app, restart: [statefulset/db] }
  eso:
    type: role
    trust:
      oidc:
        issuer: https://oidc.example.com
        audience: eso.example.com
        serviceAccounts: [external-secrets/eso]
    allow: [{ actions: [ssm:GetParameter], resources: ['*'] }]
`
    const run = async (...extra: string[]) => {
      const out = await cli(['render', 'k8s', 'm.yaml', '-o', 'json', ...extra], {
        readFile: () => Promise.resolve(text),
      })
      assert.equal(out.status, 0, out.stderr)
      return (JSON.parse(out.stdout) as { items: KubeObject[] }).items
    }
    const objects = await run()
    assert.deepEqual(
      objects.map((o) => o.kind),
      ['ServiceAccount', 'ClusterSecretStore', 'ExternalSecret', 'ExternalSecret'],
    )
    for (const o of [...objects, ...(await run('--restarts'))]) validate(o)
  })

  test('the schemas do refuse a broken object, so the checks above can fail', () => {
    const broken = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'x', namespace: 'y' },
      spec: { secretStoreRef: { name: 's', kind: 'VaultStore' }, target: { name: 'x' } },
    }
    assert.throws(() => validate(broken), /kind/)
    assert.throws(() =>
      validate({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'a', annotations: { n: 1 } },
      } as never),
    )
  })
})

describe('seed 003 — Penn Labs', () => {
  test('a ServiceAccount per trusted service account, annotated with its role ARN', async () => {
    const objects = await render('examples/pennlabs-irsa.yaml')
    const accounts = objects
      .filter((o) => o.kind === 'ServiceAccount')
      .map((o) => [o.metadata.namespace, o.metadata.name, o.metadata.annotations])
    const arn = (role: string) => ({
      'eks.amazonaws.com/role-arn': `arn:aws:iam::555555555555:role/${role}`,
    })
    assert.deepEqual(accounts, [
      ['default', 'team-sync', arn('team-sync')],
      ['default', 'platform', arn('platform')],
      ['default', 'secret-sync', arn('secret-sync')],
      ['monitoring', 'secret-sync', arn('secret-sync')],
      ['cert-manager', 'cert-manager', arn('cert-manager')],
    ])
    assert.deepEqual(
      objects.map((o) => o.kind).filter((k) => k !== 'ServiceAccount'),
      [],
    )
  })
})

describe('seed 000 — tomoda', () => {
  const spec = (o: KubeObject | undefined) => o?.['spec'] as Record<string, unknown> | undefined
  const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind)

  test('as documented: ESO signs in with the reader user’s key and projects the uploader’s JSON', async () => {
    const objects = await render('examples/tomoda.yaml', '--env', 'dev')
    const [store] = byKind(objects, 'SecretStore')
    assert.equal(store?.metadata.namespace, 'tomoda')
    const provider = spec(store)?.['provider'] as { aws: Record<string, unknown> }
    assert.deepEqual(provider.aws, {
      service: 'SecretsManager',
      region: 'us-east-1',
      auth: {
        secretRef: {
          accessKeyIDSecretRef: { name: 'tomoda-eso-reader', key: 'AWS_ACCESS_KEY_ID' },
          secretAccessKeySecretRef: { name: 'tomoda-eso-reader', key: 'AWS_SECRET_ACCESS_KEY' },
        },
      },
    })
    const uploader = byKind(objects, 'ExternalSecret').find(
      (o) => o.metadata.name === 'tomoda-s3-uploader',
    )
    assert.deepEqual(spec(uploader)?.['dataFrom'], [
      { extract: { key: 'tomoda-s3-uploader-dev', version: 'AWSCURRENT' } },
    ])
    assert.equal(spec(uploader)?.['refreshInterval'], '1h')
    const restarts = await render('examples/tomoda.yaml', '--env', 'dev', '--restarts')
    assert.deepEqual(
      restarts.map((o) => [o.kind, o.metadata.namespace, o.metadata.name, o.metadata.annotations]),
      [
        [
          'Deployment',
          'tomoda',
          'tomoda-api',
          { 'secret.reloader.stakater.com/reload': 'tomoda-s3-uploader' },
        ],
      ],
    )
  })

  test('federated: ESO assumes the reader role with its service account; no key Secret to bootstrap', async () => {
    const objects = await render('examples/tomoda-federated.yaml', '--env', 'prod')
    assert.deepEqual(
      objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`),
      [
        'ServiceAccount tomoda/tomoda-eso-reader',
        'SecretStore tomoda/tomoda-eso-reader-prod',
        'ExternalSecret tomoda/tomoda-s3-uploader',
      ],
    )
    assert.equal(
      objects[0]?.metadata.annotations?.['eks.amazonaws.com/role-arn'],
      'arn:aws:iam::222222222222:role/tomoda-eso-reader-prod',
    )
    const provider = spec(objects[1])?.['provider'] as { aws: { auth: unknown } }
    assert.deepEqual(provider.aws.auth, {
      jwt: { serviceAccountRef: { name: 'tomoda-eso-reader' } },
    })
  })
})

describe('the command', () => {
  test('--out writes the objects and the restarts apart, the same as printed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-render-'))
    try {
      const out = await cli([
        'render',
        'k8s',
        'examples/tomoda.yaml',
        '--env',
        'prod',
        '--out',
        dir,
      ])
      assert.equal(out.status, 0, out.stderr)
      assert.deepEqual((await readdir(dir)).sort(), [
        'tomoda-prod-restarts.yaml',
        'tomoda-prod.yaml',
      ])
      const printed = await cli(['render', 'k8s', 'examples/tomoda.yaml', '--env', 'prod'])
      assert.equal(await readFile(join(dir, 'tomoda-prod.yaml'), 'utf8'), printed.stdout)
      const documents = parseAllDocuments(printed.stdout).map((d) => d.toJS() as KubeObject)
      assert.deepEqual(
        documents.map((d) => d.kind),
        ['SecretStore', 'ExternalSecret', 'ExternalSecret'],
      )
      assert.match(out.stderr, /keyward bootstrap k8s examples\/tomoda.yaml --env prod/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a consumer nobody can read: exit 2, the manifest line, and nothing on stdout', async () => {
    const text = `version: 1
project: p
environments:
  dev: { account: '111111111111', region: us-east-1 }
identities:
  app:
    type: user
    key: { store: { type: secretsmanager, name: app } }
    consumers:
      - kubernetes: { namespace: app, secret: app-key }
`
    const out = await cli(['render', 'k8s', 'm.yaml'], { readFile: () => Promise.resolve(text) })
    assert.equal(out.status, 2)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, /^m\.yaml:10: error: No user or role in this manifest can read app/m)
    assert.match(out.stderr, /nothing was rendered/)
  })

  test('usage errors name the fix', async () => {
    const none = await cli(['render'])
    assert.equal(none.status, 2)
    assert.match(none.stderr, /render k8s FILE --env ENV/)
    const both = await cli([
      'render',
      'k8s',
      'examples/tomoda.yaml',
      '--env',
      'dev',
      '--out',
      'x',
      '--restarts',
    ])
    assert.equal(both.status, 2)
    const help = await cli(['render', '--help'])
    assert.match(help.stdout, /Reloader/)
  })
})
