/**
 * The condition keys the generator uses: each with the values a request may carry and the values
 * a policy may test, per operator family.
 */
import { CALLER_ACCOUNT, OTHER_ACCOUNT } from './cases.ts'

// ---------------------------------------------------------------------------------------------
// Condition keys: each with the values a request may carry and the values a policy may test

export type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn'

export interface KeySpec {
  readonly key: string
  readonly family: Family
  readonly multi?: boolean
  /** Filled in from the caller unless the request overrides it. */
  readonly derived?: boolean
  readonly request: readonly (string | readonly string[])[]
  readonly policy: readonly string[]
}

export const KEYS: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalTag/team',
    family: 'string',
    request: ['payments', 'Payments', 'ops', 'a*b', 'a?b', 'alice'],
    policy: ['payments', 'PAYMENTS', 'ops', 'pay*', 'p?yments', 'a*b', 'a?b', '*', ''],
  },
  {
    key: 'aws:PrincipalTag/owner',
    family: 'string',
    request: ['alice', 'bob', 'deployer', 'ALICE'],
    policy: ['alice', 'bob', 'al*', '?ob', 'Alice'],
  },
  {
    key: 'aws:RequestedRegion',
    family: 'string',
    request: ['us-east-1', 'eu-west-1', 'ap-south-1'],
    policy: ['us-east-1', 'eu-west-1', 'eu-*', 'us-east-?', 'US-EAST-1'],
  },
  {
    key: 'aws:SourceVpc',
    family: 'string',
    request: ['vpc-111', 'vpc-222'],
    policy: ['vpc-111', 'vpc-222', 'vpc-*', 'VPC-111'],
  },
  {
    key: 'aws:userid',
    family: 'string',
    request: ['AIDAEXAMPLE', 'AROAEXAMPLE:alice', 'AROAEXAMPLE:sess-1'],
    policy: ['AIDAEXAMPLE', 'AROAEXAMPLE:*', '*:alice', 'AROAEXAMPLE:${aws:username}'],
  },
  {
    key: 'aws:username',
    family: 'string',
    derived: true,
    request: ['alice', 'bob', 'mallory'],
    policy: ['alice', 'bob', 'ALICE', 'a*', '?ob'],
  },
  {
    key: 'aws:PrincipalAccount',
    family: 'string',
    derived: true,
    request: [CALLER_ACCOUNT, OTHER_ACCOUNT],
    policy: [CALLER_ACCOUNT, OTHER_ACCOUNT, '1111*'],
  },
  {
    key: 'aws:PrincipalType',
    family: 'string',
    derived: true,
    request: ['User', 'AssumedRole'],
    policy: ['User', 'AssumedRole', 'user', 'Assumed*'],
  },
  {
    key: 'aws:MultiFactorAuthAge',
    family: 'numeric',
    request: ['0', '300', '3600', '86400', '1.5'],
    policy: ['300', '3600', '0', '1800', '300.0', '1.5', '-1'],
  },
  {
    key: 'aws:CurrentTime',
    family: 'date',
    request: ['2024-06-01T12:00:00Z', '2030-01-01T00:00:00Z', '2020-02-29T23:59:59Z'],
    policy: [
      '2024-06-01T12:00:00Z',
      '2025-01-01T00:00:00Z',
      '2020-01-01T00:00:00Z',
      '1717243200',
      '2024-06-01',
      '2024-06-01T14:00:00+02:00',
    ],
  },
  {
    key: 'aws:EpochTime',
    family: 'date',
    request: ['1717243200', '1893456000', '1577836800'],
    policy: ['1717243200', '1700000000', '2024-06-01T12:00:00Z', '2030-01-01T00:00:00Z'],
  },
  {
    key: 'aws:TokenIssueTime',
    family: 'date',
    request: ['2024-06-01T12:00:00Z', '2024-06-01T11:59:59Z'],
    policy: ['2024-06-01T12:00:00Z', '1717243200', '2024-01-01T00:00:00Z'],
  },
  {
    key: 'aws:SecureTransport',
    family: 'bool',
    request: ['true', 'false'],
    policy: ['true', 'false', 'True', 'FALSE'],
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    family: 'bool',
    request: ['true', 'false'],
    policy: ['true', 'false'],
  },
  {
    key: 'aws:PrincipalTag/blob',
    family: 'binary',
    request: ['QUJD', 'ZGVm', 'qujd'],
    policy: ['QUJD', 'ZGVm', 'QUJ*'],
  },
  {
    key: 'aws:SourceIp',
    family: 'ip',
    request: ['192.0.2.10', '10.1.2.3', '203.0.113.5', '2001:db8::1', '2001:db8:abcd::5', '::1'],
    policy: [
      '192.0.2.0/24',
      '10.0.0.0/8',
      '203.0.113.5',
      '203.0.113.5/32',
      '2001:db8::/32',
      '2001:db8:abcd::/48',
      '0.0.0.0/0',
      '::/0',
      '::1/128',
    ],
  },
  {
    key: 'aws:VpcSourceIp',
    family: 'ip',
    request: ['10.0.0.7', '172.16.5.4'],
    policy: ['10.0.0.0/16', '172.16.0.0/12', '10.0.0.7/32'],
  },
  {
    key: 'aws:PrincipalArn',
    family: 'arn',
    derived: true,
    request: [
      `arn:aws:iam::${CALLER_ACCOUNT}:user/alice`,
      `arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`,
    ],
    policy: [
      `arn:aws:iam::${CALLER_ACCOUNT}:user/alice`,
      `arn:aws:iam::${CALLER_ACCOUNT}:user/dev/bob`,
      `arn:aws:iam::${CALLER_ACCOUNT}:role/deployer`,
      `arn:aws:iam::${CALLER_ACCOUNT}:role/*`,
      `arn:aws:iam::*:user/*`,
      `arn:aws:iam::${CALLER_ACCOUNT}:*`,
      'arn:aws:iam::*:role/pay?ents',
      `arn:aws:iam::${CALLER_ACCOUNT}:user/\${aws:username}`,
      `arn:aws:iam::${CALLER_ACCOUNT}:role/\${aws:PrincipalTag/team}`,
      `arn:aws:iam::${CALLER_ACCOUNT}:USER/alice`,
    ],
  },
  {
    key: 'aws:SourceArn',
    family: 'arn',
    request: [
      `arn:aws:sns:us-east-1:${CALLER_ACCOUNT}:alerts`,
      'arn:aws:s3:::logs-bkt',
      `arn:aws:lambda:eu-west-1:${OTHER_ACCOUNT}:function:fn:prod`,
    ],
    policy: [
      `arn:aws:sns:*:${CALLER_ACCOUNT}:*`,
      'arn:aws:s3:::logs-bkt',
      'arn:aws:s3:::logs-*',
      'arn:aws:lambda:eu-west-1:*:function:*',
      `arn:aws:sns:us-east-1:${CALLER_ACCOUNT}:alerts`,
      `arn:aws:*:*:${CALLER_ACCOUNT}:*`,
      `arn:aws:sns:us-east-1:${CALLER_ACCOUNT}:ALERTS`,
    ],
  },
  {
    key: 'aws:TagKeys',
    family: 'string',
    multi: true,
    request: [['team'], ['team', 'env'], ['env', 'cost'], ['Team']],
    policy: ['team', 'env', 'cost', 't*', 'TEAM'],
  },
  {
    key: 'aws:CalledVia',
    family: 'string',
    multi: true,
    request: [['athena.amazonaws.com'], ['cloudformation.amazonaws.com', 'athena.amazonaws.com']],
    policy: ['athena.amazonaws.com', 'cloudformation.amazonaws.com', '*.amazonaws.com'],
  },
  {
    key: 'aws:PrincipalOrgPaths',
    family: 'string',
    multi: true,
    request: [['o-a1b2c3/r-ab12/ou-ab12-11111111/'], ['o-zzz/r-zz/ou-zz-1/']],
    policy: [
      'o-a1b2c3/r-ab12/ou-ab12-11111111/',
      'o-a1b2c3/*',
      'o-a1b2c3/r-ab12/ou-ab12-1111111?/',
    ],
  },
]

// Written out from AWS's documentation rather than imported from src/: the generator is an
// independent witness, so an operator keyward forgot would still be generated.
export const OPERATORS: Readonly<Record<Family, readonly string[]>> = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  bool: ['Bool'],
  binary: ['BinaryEquals'],
  ip: ['IpAddress', 'NotIpAddress'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
}

/** Policy values for string tests that use variables and the `${*}`-style escapes. */
export const STRING_VARIABLE_VALUES = [
  '${aws:username}',
  '${aws:PrincipalTag/team}',
  "${aws:PrincipalTag/team, 'payments'}",
  "${aws:username, 'nobody'}",
  'team-${aws:PrincipalTag/team}',
  'a${*}b',
  'a${?}b',
  '${$}x',
  '${aws:PrincipalTag/owner}',
] as const
