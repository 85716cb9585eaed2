/**
 * `check` on the seed examples and on deliberately broadened variants of them: each expected
 * proof holds on the example, and each broadening is caught with the manifest line that did it.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import type { CheckResult, Finding } from './check-result.ts'
import { checkFile } from '../../test/support/check.ts'

const check = checkFile

const identity = (r: CheckResult, env: string, id: string) => {
  const found = r.environments.find((e) => e.name === env)?.identities.find((i) => i.id === id)
  assert.ok(found, `${env}/${id}`)
  return found
}
const findings = (r: CheckResult, rule: Finding['rule'], env?: string, id?: string) =>
  r.findings.filter(
    (f) =>
      f.rule === rule &&
      (env === undefined || f.environment === env) &&
      (id === undefined || f.identity === id),
  )
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1

test('tomoda: the uploader can never list, read back or delete, in either environment', async () => {
  // given the seed 000 example, when checked
  const r = await check('examples/tomoda.yaml')
  // then every never holds, and only PutObject and PutObjectAcl are allowed
  for (const env of ['dev', 'prod']) {
    const uploader = identity(r, env, 'uploader')
    assert.deepEqual(
      uploader.never.map((n) => n.verdict),
      ['holds', 'holds'],
    )
    const actions = uploader.radius.services.flatMap((s) => s.levels.flatMap((l) => l.actions))
    assert.deepEqual(actions.sort(), ['s3:PutObject', 's3:PutObjectAcl'])
    assert.deepEqual(
      identity(r, env, 'eso-reader').never.map((n) => n.verdict),
      ['holds'],
    )
  }
  assert.equal(findings(r, 'never-violated').length, 0)
  assert.equal(findings(r, 'cross-environment').length, 0, 'dev and prod are isolated')
})

test('tomoda: PutObjectAcl is flagged: an uploader could make objects public', async () => {
  const r = await check('examples/tomoda.yaml')
  const [acl, ...others] = findings(r, 'permissions-management', 'dev', 'uploader')
  assert.equal(others.length, 0)
  assert.ok(acl)
  assert.equal(acl.severity, 'medium')
  assert.deepEqual(acl.actions, ['s3:PutObjectAcl'])
  assert.equal(acl.id, 'KW104')
  const text = await readFile('examples/tomoda.yaml', 'utf8')
  assert.equal(acl.locations[0]?.location.line, lineOf(text, '- sid: AllowS3Upload'))
})

test('tomoda broadened: an uploader that can read back breaks its never, at the granting line', async () => {
  // given an uploader that may also GetObject
  const r = await check('examples/tomoda.yaml', (t) =>
    t.replace(
      'actions: [s3:PutObject, s3:PutObjectAcl]',
      'actions: [s3:PutObject, s3:PutObjectAcl, s3:GetObject]',
    ),
  )
  // then its second never is violated, pointing at the statement that allows it
  const uploader = identity(r, 'dev', 'uploader')
  assert.deepEqual(
    uploader.never.map((n) => n.verdict),
    ['holds', 'violated'],
  )
  const [broken, ...others] = findings(r, 'never-violated', 'dev', 'uploader')
  assert.equal(others.length, 0)
  assert.ok(broken)
  assert.equal(broken.severity, 'critical')
  const text = await readFile('examples/tomoda.yaml', 'utf8')
  const lines = broken.locations.map((l) => l.location.line)
  assert.ok(lines.includes(lineOf(text, '- actions: [s3:GetObject, s3:DeleteObject]')), 'the never')
  assert.ok(lines.includes(lineOf(text, '- sid: AllowS3Upload')), 'the granting statement')
})

test('tomoda broadened: a reader scoped by prefix reaches the other environment', async () => {
  // given a reader whose resource is a pattern over every environment's secrets
  const r = await check('examples/tomoda.yaml', (t) =>
    t.replace(
      '- ${identities.uploader.key.store.arn}\n',
      "- 'arn:${partition}:secretsmanager:*:*:secret:${project}-s3-uploader-*'\n",
    ),
  )
  // then the dev reader is caught reaching the prod secret, and the other way round
  const [dev, ...others] = findings(r, 'cross-environment', 'dev', 'eso-reader')
  assert.equal(others.length, 0)
  assert.ok(dev)
  assert.ok(dev.resources.some((x) => x.includes(':222222222222:secret:tomoda-s3-uploader-prod')))
  assert.equal(findings(r, 'cross-environment', 'prod', 'eso-reader').length, 1)
})

test('nullplatform: the build user pushes to its repositories and its bucket, nowhere else', async () => {
  // given the seed 001 example, when checked
  const r = await check('examples/nullplatform.yaml')
  // then both "only here" assertions hold
  const user = identity(r, 'production', 'build-workflow-user')
  assert.deepEqual(
    user.never.map((n) => [n.verdict, n.notResources?.length]),
    [
      ['holds', 1],
      ['holds', 1],
    ],
  )
  // and the ECR token is noted as what it is: the user's own permissions, outliving its key
  const [token, ...others] = findings(
    r,
    'credentials-exposure',
    'production',
    'build-workflow-user',
  )
  assert.equal(others.length, 0)
  assert.ok(token)
  assert.equal(token.severity, 'low')
  assert.deepEqual([...token.actions].sort(), [
    'ecr:GetAuthorizationToken',
    'sts:GetServiceBearerToken',
  ])
})

test("nullplatform as the seed wrote it: ECR on repository/* breaks the build user's never", async () => {
  // given the seed's own resource: every repository in every region and account
  const r = await check('examples/nullplatform.yaml', (t) =>
    t.replace(
      'resources: ["arn:${partition}:ecr:${region}:${account}:repository/${repositories}"]',
      'resources: ["arn:${partition}:ecr:*:*:repository/*"]',
    ),
  )
  // then the push never is violated at the granting statement; the S3 one still holds
  const user = identity(r, 'production', 'build-workflow-user')
  assert.deepEqual(
    user.never.map((n) => n.verdict),
    ['violated', 'holds'],
  )
  const [broken, ...others] = findings(r, 'never-violated', 'production', 'build-workflow-user')
  assert.equal(others.length, 0)
  assert.ok(broken)
  assert.deepEqual([...new Set(broken.actions)].sort(), [
    'ecr:CompleteLayerUpload',
    'ecr:InitiateLayerUpload',
    'ecr:PutImage',
    'ecr:UploadLayerPart',
  ])
  const text = await readFile('examples/nullplatform.yaml', 'utf8')
  const lines = broken.locations.map((l) => l.location.line)
  assert.ok(lines.includes(lineOf(text, '- actions: [ecr:PutImage')), 'the never')
  assert.ok(
    lines.includes(lineOf(text, '- ecr:GetDownloadUrlForLayer') - 1),
    'the granting statement',
  )
})

test('a never over notResources is not excused by a narrower exception', async () => {
  // given an exception narrower than the grant (one repository of the cluster's)
  const r = await check('examples/nullplatform.yaml', (t) =>
    t.replace(
      'notResources: ["arn:${partition}:ecr:${region}:${account}:repository/${repositories}"]',
      'notResources: ["arn:${partition}:ecr:${region}:${account}:repository/main/web"]',
    ),
  )
  // then the grant on repository/main/* still names other repositories: violated
  assert.deepEqual(
    identity(r, 'production', 'build-workflow-user').never.map((n) => n.verdict),
    ['violated', 'holds'],
  )
})

test('a wildcard grant is flagged at its statement, and never s3:* proves false for s3:*', async () => {
  const r = await check('examples/tomoda.yaml', (t) =>
    t
      .replace(
        'actions: [secretsmanager:GetSecretValue]',
        'actions: [secretsmanager:GetSecretValue, s3:Get*]',
      )
      .replace(
        '- ${identities.uploader.key.store.arn}\n',
        "- ${identities.uploader.key.store.arn}\n          - '*'\n",
      ),
  )
  assert.ok(findings(r, 'wildcard-action', 'dev', 'eso-reader').length >= 1)
  assert.ok(findings(r, 'wildcard-resource', 'dev', 'eso-reader').length >= 1)
  assert.ok(findings(r, 'data-exfiltration', 'dev', 'eso-reader').length >= 1)
  assert.deepEqual(
    identity(r, 'dev', 'eso-reader').never.map((n) => n.verdict),
    ['violated'],
  )
})

test('ssm-generated-key: the signer can never write or delete images', async () => {
  const r = await check('examples/ssm-generated-key.yaml')
  const verdicts = r.environments.flatMap((e) =>
    e.identities.flatMap((i) => i.never.map((n) => n.verdict)),
  )
  assert.ok(verdicts.length > 0)
  assert.ok(verdicts.every((v) => v === 'holds'))
})

const BROADENED: readonly {
  readonly file: string
  readonly env: string
  readonly id: string
  readonly what: string
  readonly from: string
  readonly to: string
  /** A line of the granting statement, as the finding must point at it. */
  readonly grant: string
}[] = [
  {
    file: 'examples/ssm-generated-key.yaml',
    env: 'default',
    id: 'signer',
    what: 'a signer that may also write images',
    from: '- actions: [s3:GetObject]',
    to: '- actions: [s3:GetObject, s3:PutObject]',
    grant: '- actions: [s3:GetObject, s3:PutObject]',
  },
  {
    file: 'examples/pennlabs-irsa.yaml',
    env: 'production',
    id: 'cert-manager',
    what: 'cert-manager with every Route 53 action on its zone',
    from: '- actions: [route53:ChangeResourceRecordSets, route53:ListResourceRecordSets]',
    to: '- actions: [route53:*]',
    grant: '- actions: [route53:*]',
  },
  {
    file: 'examples/secrets-centralization.yaml',
    env: 'sandbox',
    id: 'dummy-machine',
    what: 'a machine user that may read secrets',
    from: '- actions: [ecr:GetAuthorizationToken]',
    to: '- actions: [ecr:GetAuthorizationToken, secretsmanager:GetSecretValue]',
    grant: '- actions: [ecr:GetAuthorizationToken, secretsmanager:GetSecretValue]',
  },
]

for (const b of BROADENED) {
  test(`${b.file} broadened: ${b.what} breaks its never, at the granting line`, async () => {
    // given the example, and the variant
    const r0 = await check(b.file)
    assert.ok(identity(r0, b.env, b.id).never.every((n) => n.verdict === 'holds'))
    const r = await check(b.file, (t) => {
      assert.ok(t.includes(b.from), b.from)
      return t.replace(b.from, b.to)
    })
    // then the never is violated, and the finding points at the statement that grants it
    const [broken, ...others] = findings(r, 'never-violated', b.env, b.id)
    assert.equal(others.length, 0)
    assert.ok(broken)
    const text = (await readFile(b.file, 'utf8')).replace(b.from, b.to)
    const lines = broken.locations.map((l) => l.location.line)
    assert.ok(lines.includes(lineOf(text, b.grant)), `${lines.join(',')} vs ${b.grant}`)
  })
}

test('every example checks without a violated never', async () => {
  for (const file of [
    'examples/tomoda.yaml',
    'examples/nullplatform.yaml',
    'examples/ssm-generated-key.yaml',
    'examples/pennlabs-irsa.yaml',
    'examples/secrets-centralization.yaml',
  ]) {
    const r = await check(file)
    assert.equal(findings(r, 'never-violated').length, 0, file)
  }
})
