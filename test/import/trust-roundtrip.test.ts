/**
 * The round-trip law of the trust reader: for every trust keyward can write, the trust policy it
 * builds, read back by `toTrust`, is a trust that builds to the very same policy. Trusts come
 * from a generator and from the example manifests; building goes through the ordinary loader,
 * so each trust read back is also checked to be one the manifest accepts.
 */
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { stringify } from 'yaml'
import type { DraftConditions, DraftTrust } from '../../src/import/draft.ts'
import type { TrustContext } from '../../src/import/policy/context.ts'
import { decodePolicy } from '../../src/import/policy/decode.ts'
import { evaluatePolicyDocument } from '../../src/import/policy/policy-document.ts'
import { toTrust } from '../../src/import/policy/trust.ts'
import { fromJson } from '../../src/import/policy/values.ts'
import type { ImportProblem, TfBlock, TfBody } from '../../src/import/terraform/config.ts'
import { concreteText, type Loc, type TfValue } from '../../src/import/terraform/value.ts'
import { loadManifest } from '../../src/manifest/load.ts'
import type { PolicyDocument } from '../../src/model/policy-document.ts'
import type { EnvironmentInfo } from '../../src/model/resolved.ts'
import { example, normalizePolicy } from '../support/examples.ts'

const ENV: Pick<EnvironmentInfo, 'account' | 'region'> = {
  account: '111111111111',
  region: 'us-east-1',
}

/** The trust policy keyward builds for `trust` in an environment, through the whole loader. */
async function built(
  trust: DraftTrust,
  env: Pick<EnvironmentInfo, 'account' | 'region'> = ENV,
): Promise<PolicyDocument> {
  const text = stringify({
    version: 1,
    project: 'roundtrip',
    environments: { dev: { account: env.account, region: env.region } },
    identities: { r: { type: 'role', trust } },
  })
  const loaded = await loadManifest({ file: 'roundtrip.yaml', text })
  assert.ok(loaded.kind === 'valid', `${text}\n${JSON.stringify(loaded.diagnostics, null, 2)}`)
  const role = loaded.manifest.environments.get('dev')?.identities[0]
  assert.ok(role?.type === 'role')
  return role.trustPolicy
}

const LOC: Loc = { file: 'roles.tf', line: 1, column: 1 }

/** Reads a policy back: its strings are plain text, so each is its own template. */
function readBack(document: PolicyDocument | TfValue): {
  trust?: DraftTrust
  problems: ImportProblem[]
} {
  const problems: ImportProblem[] = []
  const cx: TrustContext = {
    template: (value) => concreteText(value),
    issuerOf: () => assert.fail('a built trust names its OIDC provider by ARN'),
    report: (problem) => problems.push(problem),
  }
  const value = 'kind' in document ? decodePolicy(document, LOC, cx) : fromJson(document)
  assert.ok(value?.kind === 'object', JSON.stringify(problems))
  const trust = toTrust(value, LOC, cx)
  return { ...(trust === undefined ? {} : { trust }), problems }
}

/** A built trust policy as the `data "aws_iam_policy_document"` a Terraform user would write. */
function dataSourceBody(document: PolicyDocument): TfBody {
  const block = (type: string, entries: Record<string, unknown>, blocks: TfBlock[] = []) => ({
    type,
    labels: [],
    loc: LOC,
    body: {
      attributes: new Map(
        Object.entries(entries).map(([name, value]) => [
          name,
          { name, value: fromJson(value), loc: LOC },
        ]),
      ),
      blocks,
    },
  })
  return {
    attributes: new Map(),
    blocks: document.Statement.map((statement) => {
      const principal = statement.Principal
      assert.ok(principal !== undefined && principal !== '*')
      const principals = Object.entries(principal).map(([type, identifiers]) =>
        block('principals', { type, identifiers }),
      )
      const conditions = Object.entries(statement.Condition ?? {}).flatMap(([test, keys]) =>
        Object.entries(keys).map(([variable, values]) =>
          block('condition', { test, variable, values }),
        ),
      )
      return block('statement', { actions: statement.Action }, [...principals, ...conditions])
    }),
  }
}

async function assertRoundTrip(
  trust: DraftTrust,
  env?: Pick<EnvironmentInfo, 'account' | 'region'>,
): Promise<void> {
  const document = await built(trust, env)
  const back = readBack(document)
  assert.deepEqual(back.problems, [])
  assert.ok(back.trust !== undefined)
  assert.deepEqual(await built(back.trust, env), document)
}

const eksIssuer = fc
  .constantFrom('us-east-1', 'eu-west-2')
  .chain((region) =>
    fc
      .stringMatching(/^[0-9A-F]{32}$/)
      .map((id) => `https://oidc.eks.${region}.amazonaws.com/id/${id}`),
  )
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/)
const serviceAccount = fc
  .tuple(
    name,
    fc.oneof(
      name,
      fc.constant('*'),
      name.map((n) => `${n}-*`),
    ),
  )
  .map(([namespace, account]) => `${namespace}/${account}`)
const audience = fc.option(fc.constantFrom('sts.amazonaws.com', 'vault', 'my-audience'), {
  nil: undefined,
})

const kubernetes = fc.record(
  {
    issuer: eksIssuer,
    serviceAccounts: fc.uniqueArray(serviceAccount, { minLength: 1, maxLength: 4 }),
    audience,
  },
  { requiredKeys: ['issuer', 'serviceAccounts'] },
)
const github = fc.record(
  {
    issuer: fc.constant('https://token.actions.githubusercontent.com'),
    subjects: fc.uniqueArray(
      fc
        .tuple(name, fc.constantFrom('ref:refs/heads/main', 'environment:prod', '*'))
        .map(([repo, rest]) => `repo:my-org/${repo}:${rest}`),
      { minLength: 1, maxLength: 3 },
    ),
    audience,
  },
  { requiredKeys: ['issuer', 'subjects'] },
)
const oidc = fc.oneof(kubernetes, github).map((entry) => {
  const { audience: aud, ...rest } = entry
  return aud === undefined ? rest : { ...rest, audience: aud }
})

const aws = fc.uniqueArray(
  fc.constantFrom(
    '222222222222',
    'arn:aws:iam::333333333333:root',
    'arn:aws:iam::444444444444:role/deployer',
    'arn:aws:iam::555555555555:user/ci',
    'arn:aws:sts::666666666666:assumed-role/admin/session',
  ),
  { minLength: 1, maxLength: 3 },
)
const services = fc.uniqueArray(
  fc.constantFrom('lambda.amazonaws.com', 'ec2.amazonaws.com', 'pods.eks.amazonaws.com'),
  { minLength: 1, maxLength: 3 },
)
const conditions = fc.constantFrom<DraftConditions>(
  { StringEquals: { 'sts:ExternalId': ['f3a9c1'] } },
  {
    StringEquals: { 'aws:PrincipalOrgID': ['o-abc123def4'] },
    Bool: { 'aws:SecureTransport': ['true'] },
  },
  { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/ci-*', 'arn:aws:iam::*:role/cd'] } },
)

const trust: fc.Arbitrary<DraftTrust> = fc
  .record({
    oidc: fc.option(oidc, { nil: undefined }),
    aws: fc.option(aws, { nil: undefined }),
    services: fc.option(services, { nil: undefined }),
    conditions: fc.option(conditions, { nil: undefined }),
  })
  .filter((t) => t.oidc !== undefined || t.aws !== undefined || t.services !== undefined)
  .map((t) => {
    const out: DraftTrust = {}
    if (t.oidc !== undefined) out.oidc = t.oidc
    if (t.aws !== undefined) out.aws = t.aws
    if (t.services !== undefined) out.services = t.services
    if (t.conditions !== undefined && (t.aws !== undefined || t.services !== undefined)) {
      out.conditions = t.conditions
    }
    return out
  })

describe('trust round trip', () => {
  test('given any trust keyward writes, when its policy is read back, then the trust read builds the same policy', async () => {
    await fc.assert(
      fc.asyncProperty(trust, (t) => assertRoundTrip(t)),
      { numRuns: 150 },
    )
  })

  test('given any trust keyward writes as an aws_iam_policy_document, when its JSON is read, then the trust read builds the same policy', async () => {
    await fc.assert(
      fc.asyncProperty(trust, async (t) => {
        const document = await built(t)
        const generated = evaluatePolicyDocument(dataSourceBody(document), LOC)
        assert.deepEqual(generated.problems, [])
        const back = readBack(generated.json)
        assert.deepEqual(back.problems, [])
        assert.ok(back.trust !== undefined)
        assert.deepEqual(normalizePolicy(await built(back.trust)), normalizePolicy(document))
      }),
      { numRuns: 100 },
    )
  })

  const manifests = readdirSync('examples')
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''))
  for (const file of manifests) {
    test(`given the roles of examples/${file}.yaml, when their trust policies are read back, then each builds the same policy`, async () => {
      const manifest = await example(file)
      for (const env of manifest.environments.values()) {
        for (const role of env.identities) {
          if (role.type !== 'role') continue
          const back = readBack(role.trustPolicy)
          assert.deepEqual(back.problems, [], `${file} ${env.environment.name} ${role.id}`)
          assert.ok(back.trust !== undefined)
          assert.deepEqual(await built(back.trust, env.environment), role.trustPolicy)
        }
      }
    })
  }
})
