/**
 * The runner's Kubernetes CronJob as `render runner --kubernetes --out` writes it: objects that
 * Kubernetes' own schemas accept (kubernetes-models, generated from its OpenAPI spec), running
 * keyward's rotation one run at a time, non-root on a read-only root file system, as the runner
 * role — through EKS's webhook, or a projected token where there is no webhook.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { CronJob } from 'kubernetes-models/batch/v1/CronJob'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount'
import type { KubeObject } from '../../src/k8s/objects.ts'
import { loadManifest } from '../../src/manifest/load.ts'
import { cli } from '../support/io.ts'

const dir = mkdtempSync(join(tmpdir(), 'keyward-cronjob-'))
after(() => rmSync(dir, { recursive: true, force: true }))

type Validating = { validate(): void }
const MODELS: Record<string, (data: never) => Validating> = {
  ServiceAccount: (d) => new ServiceAccount(d),
  ConfigMap: (d) => new ConfigMap(d),
  CronJob: (d) => new CronJob(d),
}

function validate(o: KubeObject): void {
  const model = MODELS[o.kind]
  assert.ok(model, `no schema for ${o.kind}`)
  model(o as never).validate()
}

const EKS = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E'
const GKE = 'https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c'

async function render(issuer: string, ...more: string[]): Promise<KubeObject[]> {
  const out = join(dir, issuer === EKS ? 'eks' : 'other')
  const args = ['render', 'runner', 'examples/tomoda.yaml', '--env', 'prod', '--kubernetes']
  const run = await cli([
    ...args,
    issuer,
    '--service-account',
    'keyward/runner',
    '--out',
    out,
    '-o',
    'json',
    ...more,
  ])
  assert.equal(run.status, 0, run.stderr)
  const list = JSON.parse(
    readFileSync(join(out, 'tomoda-prod-keyward-runner-cronjob.json'), 'utf8'),
  ) as { kind: string; items: KubeObject[] }
  assert.equal(list.kind, 'List')
  return list.items
}

type Container = {
  command: string[]
  args: string[]
  env: { name: string; value: string }[]
  securityContext: Record<string, unknown>
  volumeMounts: { name: string; mountPath: string }[]
}
type Pod = {
  serviceAccountName: string
  securityContext: Record<string, unknown>
  containers: Container[]
  volumes: { name: string; projected?: unknown; configMap?: { name: string } }[]
}

function pod(objects: readonly KubeObject[]): Pod {
  const cronJob = objects.find((o) => o.kind === 'CronJob') as unknown as {
    spec: { jobTemplate: { spec: { template: { spec: Pod } } } }
  }
  return cronJob.spec.jobTemplate.spec.template.spec
}

test('every object validates, and the CronJob runs rotate --due once at a time, locked down', async () => {
  // given an EKS issuer, when rendered
  const objects = await render(EKS)
  // then a ServiceAccount, a ConfigMap and a CronJob, each valid
  assert.deepEqual(
    objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`),
    [
      'ServiceAccount keyward/runner',
      'ConfigMap keyward/keyward-runner-manifest',
      'CronJob keyward/keyward-runner',
    ],
  )
  for (const o of objects) validate(o)
  // (and the schema does refuse a CronJob that is not one)
  assert.throws(() => validate({ ...(objects[2] as KubeObject), spec: { schedule: 1 } }))
  const cronJob = objects[2] as unknown as { spec: Record<string, unknown> }
  assert.equal(cronJob.spec['concurrencyPolicy'], 'Forbid')
  assert.equal(cronJob.spec['schedule'], '17 3 * * *')
  const spec = pod(objects)
  const [container] = spec.containers
  assert.ok(container)
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
  assert.deepEqual(
    [...container.command, ...container.args],
    [
      'npx',
      '--yes',
      `keyward@${version}`,
      'rotate',
      '/config/keyward.yaml',
      '--env',
      'prod',
      '--due',
      '--yes',
      '-o',
      'json',
    ],
  )
  assert.equal(spec.serviceAccountName, 'runner')
  assert.equal(spec.securityContext['runAsNonRoot'], true)
  assert.equal(container.securityContext['readOnlyRootFilesystem'], true)
  assert.equal(container.securityContext['allowPrivilegeEscalation'], false)
  // on EKS the webhook injects the role's token from the ServiceAccount's annotation
  const account = objects[0]
  assert.equal(
    account?.metadata.annotations?.['eks.amazonaws.com/role-arn'],
    'arn:aws:iam::222222222222:role/tomoda-keyward-runner-prod',
  )
  assert.ok(!container.env.some((e) => e.name === 'AWS_ROLE_ARN'))
  assert.ok(!spec.volumes.some((v) => v.projected !== undefined))
})

test('the ConfigMap holds the manifest with the runner, as the CronJob mounts it', async () => {
  const objects = await render(EKS, '--schedule', '@hourly')
  const configMap = objects.find((o) => o.kind === 'ConfigMap') as unknown as {
    metadata: { name: string }
    data: Record<string, string>
  }
  const text = configMap.data['keyward.yaml'] ?? ''
  const loaded = await loadManifest({ file: 'keyward.yaml', text })
  assert.equal(loaded.kind, 'valid')
  assert.ok(loaded.manifest.spec.identities['keyward-runner'])
  const spec = pod(objects)
  assert.equal(
    spec.volumes.find((v) => v.name === 'manifest')?.configMap?.name,
    configMap.metadata.name,
  )
  assert.equal(
    spec.containers[0]?.volumeMounts.find((m) => m.name === 'manifest')?.mountPath,
    '/config',
  )
  const cronJob = objects.find((o) => o.kind === 'CronJob') as unknown as {
    spec: { schedule: string }
  }
  assert.equal(cronJob.spec.schedule, '@hourly')
})

test('without EKS, the pod carries the role and a projected token for its audience', async () => {
  const objects = await render(GKE)
  for (const o of objects) validate(o)
  const spec = pod(objects)
  const env = Object.fromEntries((spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]))
  assert.equal(env['AWS_ROLE_ARN'], 'arn:aws:iam::222222222222:role/tomoda-keyward-runner-prod')
  const file = env['AWS_WEB_IDENTITY_TOKEN_FILE'] ?? ''
  const mount = spec.containers[0]?.volumeMounts.find((m) => m.name === 'aws-token')
  assert.equal(`${mount?.mountPath ?? ''}/token`, file)
  assert.deepEqual(spec.volumes.find((v) => v.name === 'aws-token')?.projected, {
    sources: [
      {
        serviceAccountToken: {
          audience: 'sts.amazonaws.com',
          expirationSeconds: 3600,
          path: 'token',
        },
      },
    ],
  })
})

test('the ServiceAccount is the one render k8s renders for the runner role', async () => {
  // given the manifest with the runner merged in
  const file = join(dir, 'tomoda.yaml')
  const source = readFileSync('examples/tomoda.yaml', 'utf8')
  writeFileSync(file, source)
  const args = ['--kubernetes', EKS, '--service-account', 'keyward/runner']
  const merged = await cli(['render', 'runner', file, '--env', 'prod', '--merge', ...args])
  assert.equal(merged.status, 0, merged.stderr)
  // when render k8s renders the environment, then the runner's ServiceAccount is among them
  const k8s = await cli(['render', 'k8s', file, '--env', 'prod', '-o', 'json'])
  assert.equal(k8s.status, 0, k8s.stderr)
  const items = (JSON.parse(k8s.stdout) as { items: KubeObject[] }).items
  const [cronJobAccount] = await render(EKS)
  assert.deepEqual(
    items.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'runner'),
    cronJobAccount,
  )
})
