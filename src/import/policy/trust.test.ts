import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { DraftTrust } from '../draft.ts'
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, Segment, TfValue } from '../terraform/value.ts'
import type { TrustContext } from './context.ts'
import { toTrust } from './trust.ts'
import { fromJson } from './values.ts'

const AT: Loc = { file: 'roles.tf', line: 20, column: 3 }
const HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E'
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`
const ISSUER = `https://${HOST}`

/** Text as is, variables as `${name}`; `aws_iam_openid_connect_provider.eks` is the `issuer` variable. */
function context() {
  const problems: ImportProblem[] = []
  const issuers: string[] = []
  const cx: TrustContext = {
    template: (value) => {
      if (value.kind !== 'string') return undefined
      return value.segments
        .map((s) => (s.kind === 'text' ? s.text : s.kind === 'var' ? `\${${s.name}}` : '?'))
        .join('')
    },
    issuerOf: (value, loc) => {
      const [segment] = value.kind === 'string' ? value.segments : []
      if (segment?.kind === 'attr' && segment.address === 'aws_iam_openid_connect_provider.eks') {
        issuers.push(segment.address)
        return '${issuer}'
      }
      problems.push({ severity: 'error', message: 'unknown provider', loc })
      return undefined
    },
    report: (problem) => problems.push(problem),
  }
  return { cx, problems, issuers }
}

function trustOf(document: unknown) {
  const { cx, problems, issuers } = context()
  const value = fromJson(document)
  assert.ok(value.kind === 'object')
  return { trust: toTrust(value, AT, cx), problems, issuers }
}

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })

/** The statement keyward writes for an OIDC trust. */
function oidcStatement(sub: string[] | undefined, aud = 'sts.amazonaws.com', like = false) {
  const subject = sub === undefined ? {} : { [`${HOST}:sub`]: sub }
  return {
    Effect: 'Allow',
    Principal: { Federated: [PROVIDER] },
    Action: ['sts:AssumeRoleWithWebIdentity'],
    Condition: {
      StringEquals: { [`${HOST}:aud`]: [aud], ...(like ? {} : subject) },
      ...(like ? { StringLike: subject } : {}),
    },
  }
}

const assume = (Principal: unknown, Condition?: unknown, Action: unknown = 'sts:AssumeRole') => ({
  Effect: 'Allow',
  Principal,
  Action,
  ...(Condition === undefined ? {} : { Condition }),
})

describe('toTrust', () => {
  const cases: [string, unknown, DraftTrust][] = [
    [
      'keyward’s own OIDC statement for service accounts',
      doc(oidcStatement(['system:serviceaccount:default:app', 'system:serviceaccount:ops:job'])),
      { oidc: { issuer: ISSUER, serviceAccounts: ['default/app', 'ops/job'] } },
    ],
    [
      'the shape Terraform modules write: a Sid, strings for single values',
      doc({
        Sid: 'IRSA',
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${HOST}:sub`]: 'system:serviceaccount:kube-system:aws-load-balancer-controller',
            [`${HOST}:aud`]: 'sts.amazonaws.com',
          },
        },
      }),
      {
        oidc: { issuer: ISSUER, serviceAccounts: ['kube-system/aws-load-balancer-controller'] },
      },
    ],
    [
      'a pattern of service accounts',
      doc(oidcStatement(['system:serviceaccount:monitoring:*'], undefined, true)),
      { oidc: { issuer: ISSUER, serviceAccounts: ['monitoring/*'] } },
    ],
    [
      'StringLike subjects without a wildcard, which mean what StringEquals means',
      doc(oidcStatement(['system:serviceaccount:a:b'], undefined, true)),
      { oidc: { issuer: ISSUER, serviceAccounts: ['a/b'] } },
    ],
    [
      'GitHub Actions subjects and a custom audience',
      doc({
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'my-audience' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/app:*' },
        },
      }),
      {
        oidc: {
          issuer: 'https://token.actions.githubusercontent.com',
          audience: 'my-audience',
          subjects: ['repo:org/app:*'],
        },
      },
    ],
    [
      'an OIDC statement that checks no subject',
      doc(oidcStatement(undefined)),
      { oidc: { issuer: ISSUER } },
    ],
    [
      'one OIDC statement per service account',
      doc(
        oidcStatement(['system:serviceaccount:a:one']),
        oidcStatement(['system:serviceaccount:b:two']),
      ),
      { oidc: { issuer: ISSUER, serviceAccounts: ['a/one', 'b/two'] } },
    ],
    [
      'subjects that are not all service accounts',
      doc(oidcStatement(['system:serviceaccount:a:one', 'other'])),
      { oidc: { issuer: ISSUER, subjects: ['system:serviceaccount:a:one', 'other'] } },
    ],
    [
      'accounts and roles, and services, in their own statements',
      doc(
        assume({ AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:role/ci'] }),
        assume({ Service: 'lambda.amazonaws.com' }, undefined, ['sts:AssumeRole']),
      ),
      {
        aws: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:role/ci'],
        services: ['lambda.amazonaws.com'],
      },
    ],
    [
      'AWS principals and services in one statement, a bare account id among them',
      doc(assume({ AWS: '333333333333', Service: ['ec2.amazonaws.com'] })),
      { aws: ['333333333333'], services: ['ec2.amazonaws.com'] },
    ],
    [
      'EKS Pod Identity with sts:TagSession',
      doc(
        assume({ Service: 'pods.eks.amazonaws.com' }, undefined, [
          'sts:AssumeRole',
          'sts:TagSession',
        ]),
      ),
      { services: ['pods.eks.amazonaws.com'] },
    ],
    [
      'the same conditions on every AWS and service statement',
      doc(
        assume({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }),
        assume(
          { Service: 'ec2.amazonaws.com' },
          { StringEquals: { 'aws:PrincipalOrgID': ['o-abc'] } },
        ),
        oidcStatement(['system:serviceaccount:a:b']),
      ),
      {
        oidc: { issuer: ISSUER, serviceAccounts: ['a/b'] },
        aws: ['*'],
        services: ['ec2.amazonaws.com'],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': ['o-abc'] } },
      },
    ],
    [
      'action names in another case, as IAM compares them',
      doc(assume({ AWS: '111111111111' }, undefined, 'STS:assumerole')),
      { aws: ['111111111111'] },
    ],
  ]
  for (const [name, document, expected] of cases) {
    test(`given ${name}, when read, then the trust says the same`, () => {
      const { trust, problems } = trustOf(document)
      assert.deepEqual(problems, [])
      assert.deepEqual(trust, expected)
    })
  }

  test('given an OIDC statement without an audience, when read, then the trust pins the default with a warning', () => {
    const { trust, problems } = trustOf(
      doc({
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:a:b' } },
      }),
    )
    assert.deepEqual(trust, { oidc: { issuer: ISSUER, serviceAccounts: ['a/b'] } })
    assert.deepEqual(
      problems.map((p) => p.severity),
      ['warning'],
    )
    assert.match(problems[0]?.message ?? '', /does not check the token’s audience/)
  })

  const rejected: [string, unknown, RegExp][] = [
    [
      'a Deny statement',
      doc(oidcStatement(['system:serviceaccount:a:b']), {
        ...assume({ AWS: '1' }),
        Effect: 'Deny',
      }),
      /denies; keyward’s trust only names/,
    ],
    [
      'NotPrincipal',
      doc({ Effect: 'Allow', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }),
      /NotPrincipal trusts everyone but/,
    ],
    ['Principal "*"', doc(assume('*')), /trusts Principal "\*": anyone/],
    [
      'two OIDC issuers',
      doc(oidcStatement(['system:serviceaccount:a:b']), {
        ...oidcStatement(undefined),
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/other.example.com' },
        Condition: { StringEquals: { 'other.example.com:aud': 'sts.amazonaws.com' } },
      }),
      /names 2 OIDC issuers/,
    ],
    [
      'an OIDC statement with another condition',
      doc({
        ...oidcStatement(['system:serviceaccount:a:b']),
        Condition: {
          StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:amr`]: 'x' },
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        },
      }),
      /also requires StringEquals on .*:amr, IpAddress on aws:SourceIp/,
    ],
    [
      'different conditions per statement',
      doc(
        assume({ AWS: '111111111111' }, { StringEquals: { 'sts:ExternalId': 'one' } }),
        assume({ AWS: '222222222222' }, { StringEquals: { 'sts:ExternalId': 'two' } }),
      ),
      /Trust statement 2 has other conditions than Trust statement 1/,
    ],
    [
      'conditions on some statements only',
      doc(
        assume({ AWS: '111111111111' }, { StringEquals: { 'sts:ExternalId': 'one' } }),
        assume({ Service: 'ec2.amazonaws.com' }),
      ),
      /other conditions/,
    ],
    [
      'SAML federation',
      doc({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/okta' },
        Action: 'sts:AssumeRoleWithSAML',
      }),
      /sts:AssumeRoleWithSAML: SAML federation/,
    ],
    [
      'session tags for AWS principals',
      doc(assume({ AWS: '111111111111' }, undefined, ['sts:AssumeRole', 'sts:TagSession'])),
      /allows AWS principals sts:TagSession; keyward’s trust allows them sts:AssumeRole only/,
    ],
    [
      'EKS Pod Identity without sts:TagSession',
      doc(assume({ Service: 'pods.eks.amazonaws.com' })),
      /without sts:TagSession/,
    ],
    [
      'another service without sts:TagSession beside EKS Pod Identity',
      doc(
        assume({ Service: 'pods.eks.amazonaws.com' }, undefined, [
          'sts:AssumeRole',
          'sts:TagSession',
        ]),
        assume({ Service: 'lambda.amazonaws.com' }),
      ),
      /Trust statement 2 lets the services assume the role without sts:TagSession/,
    ],
    [
      'EKS Pod Identity together with AWS principals',
      doc(
        assume({ AWS: '111111111111', Service: 'pods.eks.amazonaws.com' }, undefined, [
          'sts:AssumeRole',
          'sts:TagSession',
        ]),
      ),
      /AWS principals and EKS Pod Identity together/,
    ],
    [
      'web identity federation through Cognito',
      doc({
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
      /not an IAM OIDC provider/,
    ],
    [
      'claims of another issuer',
      doc({
        ...oidcStatement(undefined),
        Condition: { StringEquals: { 'other.example.com:aud': 'sts.amazonaws.com' } },
      }),
      /checks the claims of other\.example\.com, not of the issuer it trusts/,
    ],
    [
      'two audiences',
      doc({
        ...oidcStatement(undefined),
        Condition: { StringEquals: { [`${HOST}:aud`]: ['a', 'b'] } },
      }),
      /accepts 2 audiences/,
    ],
    [
      'an exact subject with a star in it',
      doc(oidcStatement(['system:serviceaccount:a:*'])),
      /exactly "system:serviceaccount:a:\*", `\*` or `\?` included/,
    ],
    [
      'the subject under both operators',
      doc({
        ...oidcStatement(undefined),
        Condition: {
          StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: 'x' },
          StringLike: { [`${HOST}:sub`]: 'y*' },
        },
      }),
      /subject under both StringEquals and StringLike/,
    ],
    ['no statements', doc(), /has no statements/],
    ['an empty principal list', doc(assume({ AWS: [] })), /names no principal/],
    [
      'sts:AssumeRole for an OIDC provider',
      doc({ ...oidcStatement(undefined), Action: 'sts:AssumeRole' }),
      /exactly sts:AssumeRoleWithWebIdentity/,
    ],
    [
      'a federated principal beside an AWS principal',
      doc({ ...oidcStatement(undefined), Principal: { Federated: PROVIDER, AWS: '111111111111' } }),
      /federated principal and AWS principals or services at once/,
    ],
    ['a Resource', doc({ ...assume({ AWS: '1' }), Resource: '*' }), /IAM rejects a Resource/],
    [
      'a CanonicalUser principal',
      doc(assume({ CanonicalUser: 'abc' })),
      /trusts a CanonicalUser principal/,
    ],
    ['a missing Action', doc({ Effect: 'Allow', Principal: { AWS: '1' } }), /has no Action/],
  ]
  for (const [name, document, message] of rejected) {
    test(`given ${name}, when read, then it is a problem and no trust`, () => {
      const { trust, problems } = trustOf(document)
      assert.equal(trust, undefined)
      assert.ok(
        problems.some((p) => p.severity === 'error' && message.test(p.message)),
        JSON.stringify(problems.map((p) => p.message)),
      )
    })
  }

  test('given a reference to an aws_iam_openid_connect_provider, when read, then the context names the issuer', () => {
    const { cx, problems, issuers } = context()
    const provider: TfValue = {
      kind: 'string',
      segments: [
        { kind: 'attr', address: 'aws_iam_openid_connect_provider.eks', attribute: 'arn', loc: AT },
      ],
    }
    const statement = fromJson(oidcStatement(['system:serviceaccount:a:b']))
    assert.ok(statement.kind === 'object')
    const fields = new Map(statement.fields)
    fields.set('Principal', { kind: 'object', fields: new Map([['Federated', provider]]) })
    const document: TfValue = {
      kind: 'object',
      fields: new Map([['Statement', { kind: 'tuple', items: [{ kind: 'object', fields }] }]]),
    }
    assert.deepEqual(toTrust(document, AT, cx), {
      oidc: { issuer: '${issuer}', serviceAccounts: ['a/b'] },
    })
    assert.deepEqual(problems, [])
    assert.deepEqual(issuers, ['aws_iam_openid_connect_provider.eks'])
  })

  test('given an issuer host and service account from variables, when read, then they stay variables', () => {
    const { cx, problems } = context()
    const text = (t: string): Segment => ({ kind: 'text', text: t })
    const variable = (name: string, t: string): Segment => ({ kind: 'var', name, text: t })
    const str = (...segments: Segment[]): TfValue => ({ kind: 'string', segments })
    const document: TfValue = {
      kind: 'object',
      fields: new Map<string, TfValue>([
        [
          'Statement',
          {
            kind: 'object',
            fields: new Map<string, TfValue>([
              ['Effect', str(text('Allow'))],
              ['Action', str(text('sts:AssumeRoleWithWebIdentity'))],
              [
                'Principal',
                {
                  kind: 'object',
                  fields: new Map([
                    [
                      'Federated',
                      str(
                        text('arn:aws:iam::111122223333:oidc-provider/'),
                        variable('oidc_host', HOST),
                      ),
                    ],
                  ]),
                },
              ],
              [
                'Condition',
                {
                  kind: 'object',
                  fields: new Map([
                    [
                      'StringEquals',
                      {
                        kind: 'object',
                        fields: new Map([
                          [`${HOST}:aud`, str(text('sts.amazonaws.com'))],
                          [
                            `${HOST}:sub`,
                            str(
                              text('system:serviceaccount:'),
                              variable('ns', 'apps'),
                              text(':'),
                              variable('sa', 'api'),
                            ),
                          ],
                        ]),
                      },
                    ],
                  ]),
                },
              ],
            ]),
          },
        ],
      ]),
    }
    assert.deepEqual(toTrust(document, AT, cx), {
      oidc: { issuer: 'https://${oidc_host}', serviceAccounts: ['${ns}/${sa}'] },
    })
    assert.deepEqual(problems, [])
  })
})
