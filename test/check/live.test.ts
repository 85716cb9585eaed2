/**
 * `keyward check --account`: what the account really holds, after apply and after hands changed
 * it — a policy edited in the console, a user nobody declared. The proofs run against the live
 * policies; what matches the manifest points at the manifest's lines, what drifted at its ARN.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import type { CheckResult } from '../../src/analyze/check-result.ts'
import type { DiffResult } from '../../src/analyze/diff.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'
import { sarifValidator } from '../support/sarif.ts'

const FILE = 'examples/tomoda.yaml'
const ACCOUNT = '111111111111'
const UPLOADER = 'tomoda-uploader-dev'

describe('keyward check --account', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  before(async () => {
    a = await startAccount(ACCOUNT, 'us-east-1', 1, { managedPolicies: true })
    const applied = await a.keyward(['apply', FILE, '--env', 'dev', '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
  })
  after(() => a.close())

  const check = async (...more: string[]) => {
    const out = await a.keyward(['check', FILE, '--account', '--env', 'dev', ...more])
    return { ...out, json: (): CheckResult => JSON.parse(out.stdout) as CheckResult }
  }

  test('right after apply, the account proves what the manifest does, at its lines', async () => {
    // given the account as apply left it, when checked live
    const out = await check('-o', 'json')
    // then every never holds and the uploader's grant is found at the manifest's statement
    assert.equal(out.status, 0, out.stderr)
    const result = out.json()
    const [dev] = result.environments
    assert.ok(dev)
    const uploader = dev.identities.find((i) => i.id === 'uploader')
    assert.ok(uploader, JSON.stringify(dev.identities.map((i) => i.id)))
    assert.deepEqual(
      uploader.never.map((n) => n.verdict),
      ['holds', 'holds'],
    )
    const acl = result.findings.find((f) => f.rule === 'permissions-management')
    assert.ok(acl)
    const [at] = acl.locations
    assert.ok(at)
    assert.equal(at.location.file, FILE)
    assert.ok(at.location.line > 0)
    // and the prod identities of this manifest are not in dev's account view
    assert.ok(dev.identities.every((i) => !i.name.endsWith('-prod')))
    // and diff against the account finds nothing to change
    const diff = await a.keyward(['diff', FILE, '--account', '--env', 'dev'])
    assert.equal(diff.status, 0, diff.stderr)
    assert.match(diff.stdout, /No identity can do anything it could not do before/)
  })

  test('a policy edited by hand and a user nobody declared are both caught', async () => {
    // given the uploader's inline policy widened in the console, and an undeclared admin user
    await a.iam.send(
      new PutUserPolicyCommand({
        UserName: UPLOADER,
        PolicyName: 'keyward',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetObject'],
              Resource: 'arn:aws:s3:::tomoda-assets-dev/*',
            },
          ],
        }),
      }),
    )
    await a.iam.send(new CreateUserCommand({ UserName: 'ops-break-glass' }))
    const created = await a.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'break-glass',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        }),
      }),
    )
    await a.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'ops-break-glass',
        PolicyArn: created.Policy?.Arn ?? '',
      }),
    )

    // when checked live
    const out = await check()
    const json = await check('-o', 'json')

    // then the uploader's never is broken, located at the user's ARN (the manifest says otherwise)
    assert.equal(out.status, 4, out.stderr)
    const userArn = `arn:aws:iam::${ACCOUNT}:user/${UPLOADER}`
    assert.match(
      out.stdout,
      /✖ s3:GetObject, s3:DeleteObject on arn:aws:s3:::tomoda-assets-dev\/\*/,
    )
    assert.ok(out.stdout.includes(`(${userArn})`), out.stdout)
    const result = json.json()
    const broken = result.findings.find((f) => f.rule === 'never-violated')
    assert.ok(broken)
    assert.equal(broken.identity, 'uploader')
    assert.deepEqual(broken.locations.map((l) => l.location.file).sort(), [FILE, userArn].sort())
    // and the undeclared user is checked too, with its escalation and wildcard grants
    const ops = result.findings.filter((f) => f.identity === 'user/ops-break-glass')
    const rules = new Set(ops.map((f) => f.rule))
    for (const rule of ['privilege-escalation', 'wildcard-action', 'wildcard-resource'] as const)
      assert.ok(rules.has(rule), `${rule} in ${[...rules].join(', ')}`)
    const wildcard = ops.find((f) => f.rule === 'wildcard-action')
    const [where] = wildcard?.locations ?? []
    assert.ok(where)
    assert.equal(where.location.file, created.Policy?.Arn)
    assert.equal(where.location.line, 0)
    a.assertNothingLeaked()
  })

  test('diff --account: applying the manifest would take back what was granted by hand', async () => {
    // given the uploader widened by hand (previous test), when the manifest is diffed with it
    const out = await a.keyward(['diff', FILE, '--account', '--env', 'dev', '-o', 'json'])
    assert.equal(out.status, 0, out.stderr)
    const result = JSON.parse(out.stdout) as DiffResult
    // then GetObject is what the manifest takes away; the undeclared user is not apply's business
    assert.equal(result.before, `account ${ACCOUNT} (dev)`)
    const ids = result.environments.flatMap((e) => e.identities.map((i) => i.id))
    assert.deepEqual(ids, ['uploader'])
    const uploader = result.environments[0]?.identities[0]
    assert.deepEqual(
      uploader?.denied.map((p) => `${p.action} ${p.resource}`),
      ['s3:GetObject arn:aws:s3:::tomoda-assets-dev/*'],
    )
    assert.deepEqual(uploader.allowed, [])
    // and nothing is newly allowed, so --fail-on-broadening passes
    const gate = await a.keyward([
      'diff',
      FILE,
      '--account',
      '--env',
      'dev',
      '--fail-on-broadening',
    ])
    assert.equal(gate.status, 0, gate.stdout)
  })

  test('an AWS managed policy attached by hand is weighed, not just named', async () => {
    // given the eso reader, whose never forbids s3:*, with AWS's S3 read-only policy attached
    const policy = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'
    await a.iam.send(
      new AttachUserPolicyCommand({ UserName: 'tomoda-eso-reader-dev', PolicyArn: policy }),
    )
    // when checked live
    const result = (await check('-o', 'json')).json()
    // then the never is violated — proven from the policy's document, not left unproven
    const reader = result.environments[0]?.identities.find((i) => i.id === 'eso-reader')
    assert.deepEqual(
      reader?.never.map((n) => n.verdict),
      ['violated'],
    )
    const broken = result.findings.find(
      (f) => f.rule === 'never-violated' && f.identity === 'eso-reader',
    )
    assert.ok(broken?.locations.some((l) => l.location.file === policy))
    assert.ok(!result.findings.some((f) => f.rule === 'policy-not-weighed'))
  })

  test('SARIF names what only the account holds by its ARN, and stays valid', async () => {
    const out = await check('-o', 'sarif')
    assert.equal(out.status, 4)
    const validate = sarifValidator()
    assert.ok(validate(JSON.parse(out.stdout)), JSON.stringify(validate.errors?.slice(0, 3)))
    const sarif = JSON.parse(out.stdout) as {
      runs: {
        results: { locations: { logicalLocations?: { fullyQualifiedName: string }[] }[] }[]
      }[]
    }
    const logical = sarif.runs[0]?.results.flatMap((r) =>
      r.locations.flatMap((l) => l.logicalLocations ?? []),
    )
    assert.ok(logical?.some((l) => l.fullyQualifiedName.endsWith(':policy/break-glass')))
  })

  test('a role whose trust was written by hand is weighed: any pod of the cluster can assume it', async () => {
    // given a role nobody declared, trusting the cluster's issuer with only the audience pinned
    const host = 'oidc.eks.us-east-1.amazonaws.com/id/HANDMADE'
    await a.iam.send(
      new CreateRoleCommand({
        RoleName: 'pods-anything',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' } },
            },
          ],
        }),
      }),
    )
    // when the account is checked
    const result = (await check('-o', 'json')).json()
    // then the role's assumers come from the live trust, and the missing subject is critical,
    // located by the role's ARN with the condition to add
    const role = result.environments[0]?.identities.find((i) => i.id === 'role/pods-anything')
    assert.deepEqual(
      role?.assumers?.map((a) => [a.kind, a.subjects, a.audiences, a.verdict]),
      [['oidc', [], ['sts.amazonaws.com'], 'wider']],
    )
    const kw601 = result.findings.filter((f) => f.id === 'KW601')
    assert.deepEqual(
      kw601.map((f) => [f.severity, f.identity, f.locations[0]?.location.file]),
      [['critical', 'role/pods-anything', `arn:aws:iam::${ACCOUNT}:role/pods-anything`]],
    )
    assert.match(kw601[0]?.detail ?? '', new RegExp(`"${host.replaceAll('.', '\\.')}:sub"`))
  })

  test('--account needs exactly one environment', async () => {
    const out = await a.keyward(['check', FILE, '--account'])
    assert.equal(out.status, 2)
    assert.match(out.stderr, /check --account reads one account: name its environment with --env/)
  })
})
