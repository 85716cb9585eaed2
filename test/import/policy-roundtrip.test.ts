/**
 * The round-trip law of the statement reader: for every `allow`/`deny` keyward can write, the
 * policy it builds, read back by `toStatements`, gives statements that build the very same
 * policy. Statements come from a generator and from the example manifests, and are built by the
 * ordinary loader, which also checks that what was read back is a manifest it accepts.
 */
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { stringify } from 'yaml'
import type { DraftStatement } from '../../src/import/draft.ts'
import type { PolicyContext } from '../../src/import/policy/context.ts'
import { decodePolicy } from '../../src/import/policy/decode.ts'
import { evaluatePolicyDocument } from '../../src/import/policy/policy-document.ts'
import { toStatements, type DraftStatements } from '../../src/import/policy/statements.ts'
import { fromJson } from '../../src/import/policy/values.ts'
import type {
  ImportProblem,
  TfAttribute,
  TfBlock,
  TfBody,
} from '../../src/import/terraform/config.ts'
import { concreteText, type Loc, type TfValue } from '../../src/import/terraform/value.ts'
import { loadManifest } from '../../src/manifest/load.ts'
import type { PolicyDocument } from '../../src/model/policy-document.ts'
import type { EnvironmentInfo } from '../../src/model/resolved.ts'
import { example, normalizePolicy } from '../support/examples.ts'

type Env = Pick<EnvironmentInfo, 'account' | 'region'>
const ENV: Env = { account: '111111111111', region: 'us-east-1' }

/** The managed policy keyward builds from `statements`, through the whole loader. */
async function built(statements: DraftStatements, env: Env = ENV): Promise<PolicyDocument> {
  const policy = {
    ...(statements.allow.length === 0 ? {} : { allow: statements.allow }),
    ...(statements.deny.length === 0 ? {} : { deny: statements.deny }),
  }
  const text = stringify({
    version: 1,
    project: 'roundtrip',
    environments: { dev: { account: env.account, region: env.region } },
    policies: { p: policy },
    identities: { g: { type: 'group', managedPolicies: ['p'] } },
  })
  const loaded = await loadManifest({ file: 'roundtrip.yaml', text })
  assert.ok(loaded.kind === 'valid', `${text}\n${JSON.stringify(loaded.diagnostics, null, 2)}`)
  const [managed] = loaded.manifest.environments.get('dev')?.policies ?? []
  assert.ok(managed !== undefined)
  return managed.policy.document
}

const LOC: Loc = { file: 'iam.tf', line: 1, column: 1 }

/** Reads a built policy back: its strings are plain text, so each is its own template. */
function readBack(document: PolicyDocument | TfValue): {
  statements?: DraftStatements
  problems: ImportProblem[]
} {
  const problems: ImportProblem[] = []
  const cx: PolicyContext = {
    template: (value) => concreteText(value),
    report: (problem) => problems.push(problem),
  }
  const value = 'kind' in document ? decodePolicy(document, LOC, cx) : fromJson(document)
  assert.ok(value?.kind === 'object', JSON.stringify(problems))
  const statements = toStatements(value, LOC, cx)
  return { ...(statements === undefined ? {} : { statements }), problems }
}

/**
 * The statements as `data "aws_iam_policy_document"` blocks, written as Terraform users write
 * them: IAM's `${…}` as `&{…}`, which the provider turns back.
 */
function dataSourceBody(given: DraftStatements): TfBody {
  const strings = (values: readonly string[]): TfValue =>
    fromJson(values.map((v) => v.replaceAll('${', '&{')))
  const attributes = (entries: Record<string, TfValue>): Map<string, TfAttribute> =>
    new Map(Object.entries(entries).map(([name, value]) => [name, { name, value, loc: LOC }]))
  const block = (type: string, entries: Record<string, TfValue>, blocks: TfBlock[] = []) => ({
    type,
    labels: [],
    body: { attributes: attributes(entries), blocks },
    loc: LOC,
  })
  const statement = (s: DraftStatement, effect: string): TfBlock => {
    const entries: Record<string, TfValue> = { effect: fromJson(effect) }
    if (s.sid !== undefined) entries.sid = fromJson(s.sid)
    if (s.actions !== undefined) entries.actions = fromJson(s.actions)
    if (s.notActions !== undefined) entries.not_actions = fromJson(s.notActions)
    if (s.resources !== undefined) entries.resources = strings(s.resources)
    if (s.notResources !== undefined) entries.not_resources = strings(s.notResources)
    const conditions = Object.entries(s.conditions ?? {}).flatMap(([test, keys]) =>
      Object.entries(keys).map(([variable, values]) =>
        block('condition', {
          test: fromJson(test),
          variable: fromJson(variable),
          values: strings(values),
        }),
      ),
    )
    return block('statement', entries, conditions)
  }
  return {
    attributes: new Map(),
    blocks: [
      ...given.allow.map((s) => statement(s, 'Allow')),
      ...given.deny.map((s) => statement(s, 'Deny')),
    ],
  }
}

const BUCKET = 'arn:aws:s3:::media'
const grant = fc.constantFrom<DraftStatement>(
  { actions: ['s3:GetObject', 's3:PutObject'], resources: [`${BUCKET}/*`] },
  {
    actions: ['s3:ListBucket'],
    resources: [BUCKET],
    conditions: { StringLike: { 's3:prefix': ['home/${aws:username}/*', ''] } },
  },
  { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:111111111111:jobs'] },
  { actions: ['ec2:DescribeInstances'], resources: ['*'] },
  { actions: ['s3:DeleteObject'], notResources: [`${BUCKET}/keep/*`] },
  { notActions: ['iam:*', 'organizations:*'], resources: ['*'] },
  {
    actions: ['kms:Decrypt'],
    resources: ['arn:aws:kms:us-east-1:111111111111:key/*'],
    conditions: {
      StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com'] },
      Bool: { 'aws:SecureTransport': ['true'] },
    },
  },
  {
    actions: ['secretsmanager:GetSecretValue'],
    resources: ['arn:aws:secretsmanager:us-east-1:111111111111:secret:app-??????'],
    conditions: { NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] } },
  },
)
const withSid = (list: DraftStatement[], prefix: string, sids: boolean[]) =>
  list.map((s, i) => (sids[i] === true ? { sid: `${prefix}${i}`, ...s } : s))

const statements: fc.Arbitrary<DraftStatements> = fc
  .record({
    allow: fc.array(grant, { maxLength: 4 }),
    deny: fc.array(grant, { maxLength: 3 }),
    sids: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  })
  .filter(({ allow, deny }) => allow.length + deny.length > 0)
  .map(({ allow, deny, sids }) => ({
    allow: withSid(allow, 'Allow', sids),
    deny: withSid(deny, 'Deny', sids.slice(4)),
  }))

async function assertRoundTrip(given: DraftStatements, env?: Env): Promise<void> {
  const document = await built(given, env)
  const back = readBack(document)
  assert.deepEqual(back.problems, [])
  assert.ok(back.statements !== undefined)
  assert.deepEqual(back.statements, given, 'the statements read are the ones written')
  assert.deepEqual(await built(back.statements, env), document)
}

describe('statement round trip', () => {
  test('given any statements keyward writes, when the policy is read back, then they are the same statements', async () => {
    await fc.assert(
      fc.asyncProperty(statements, (s) => assertRoundTrip(s)),
      { numRuns: 150 },
    )
  })

  test('given any statements as an aws_iam_policy_document, when its JSON is read, then keyward builds the same policy as from the statements', async () => {
    await fc.assert(
      fc.asyncProperty(statements, async (given) => {
        const generated = evaluatePolicyDocument(dataSourceBody(given), LOC)
        assert.deepEqual(generated.problems, [])
        const text = concreteText(generated.json)
        assert.ok(text !== undefined)
        const expected = await built(given)
        assert.deepEqual(normalizePolicy(JSON.parse(text)), normalizePolicy(expected))
        const back = readBack(generated.json)
        assert.deepEqual(back.problems, [])
        assert.ok(back.statements !== undefined)
        assert.deepEqual(normalizePolicy(await built(back.statements)), normalizePolicy(expected))
      }),
      { numRuns: 100 },
    )
  })

  const manifests = readdirSync('examples')
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''))
  for (const file of manifests) {
    test(`given the policies of examples/${file}.yaml, when read back, then each builds the same document`, async () => {
      const manifest = await example(file)
      for (const env of manifest.environments.values()) {
        const documents = [
          ...env.policies.map((p) => p.policy.document),
          ...env.identities.flatMap((i) =>
            i.inlinePolicy === undefined ? [] : [i.inlinePolicy.document],
          ),
        ]
        assert.ok(documents.length > 0)
        for (const document of documents) {
          const back = readBack(document)
          assert.deepEqual(back.problems, [])
          assert.ok(back.statements !== undefined)
          assert.deepEqual(await built(back.statements, env.environment), document)
        }
      }
    })
  }
})
