import { described, INVALID, optional, refined, type Infer } from '../schema/core.ts'
import { object, record } from '../schema/collections.ts'
import { boolean, integer, string } from '../schema/scalars.ts'
import { identity } from './identities.ts'
import { tags } from './key.ts'
import { partitionOf } from '../../model/arn.ts'
import {
  ACCOUNT_ID,
  EXTERNAL_ID,
  LOGICAL_ID,
  LOGICAL_ID_NAME,
  PROJECT_NAME,
  REGION,
  ROLE_ARN,
  ROLE_SESSION_NAME,
  VAR_NAME,
} from './patterns.ts'
import { statements } from './statements.ts'

export const SUPPORTED_VERSION = 1

const vars = described(
  record(string({ fromAnyScalar: true }), {
    name: 'variables',
    key: { pattern: VAR_NAME, patternName: 'a variable name (letters, digits, `_`, `-`)' },
  }),
  'Variables, used as `${name}`; values may use other variables and references.',
)

const assumeRole = object(
  {
    arn: described(
      string({
        pattern: ROLE_ARN,
        patternName: 'an IAM role ARN',
        hint: 'A role ARN looks like `arn:aws:iam::111122223333:role/keyward`, written out: placeholders are not expanded here.',
      }),
      'ARN of the role, in the environment’s account.',
    ),
    externalId: optional(
      described(
        string({
          pattern: EXTERNAL_ID,
          patternName: 'an external id (2 to 1224 of letters, digits and `+=,.@:/-_`)',
        }),
        'The `sts:ExternalId` the role’s trust requires, if it requires one.',
      ),
    ),
    sessionName: optional(
      described(
        string({
          pattern: ROLE_SESSION_NAME,
          patternName: 'a session name (2 to 64 of letters, digits and `+=,.@-_`)',
        }),
        'Session name, as CloudTrail shows it (default `keyward`).',
      ),
    ),
  },
  {
    name: 'assume role',
    description:
      'A role keyward assumes in the environment’s account before it reads or changes anything there, signed by the credentials it runs with (a central CI identity, say).',
  },
)

/** The role keyward assumes must be in the environment's account and partition. */
const environment = refined(
  object(
    {
      account: described(
        string({
          pattern: ACCOUNT_ID,
          patternName: 'a 12-digit AWS account id',
          fromAnyScalar: true,
        }),
        'AWS account id (12 digits; quote it to be safe).',
      ),
      region: described(
        string({ pattern: REGION, patternName: 'an AWS region such as `us-east-1`' }),
        'AWS region of the environment’s regional resources (secrets, parameters).',
      ),
      assumeRole: optional(assumeRole),
      vars: optional(vars),
    },
    { name: 'environment' },
  ),
  (env, cx, path) => {
    if (env.assumeRole === undefined) return env
    const [, partition = '', account = ''] = ROLE_ARN.exec(env.assumeRole.arn) ?? []
    const at = [...path, 'assumeRole', 'arn']
    if (account !== env.account) {
      cx.report({
        code: 'assume-role-other-account',
        path: at,
        message: `The role is in account ${account}, but this environment is account ${env.account}; a session of that role acts in ${account}, not here.`,
        hint: `Name the role in account ${env.account} that keyward may assume, e.g. \`arn:${partitionOf(env.region)}:iam::${env.account}:role/keyward\`.`,
      })
      return INVALID
    }
    if (partition !== partitionOf(env.region)) {
      cx.report({
        code: 'wrong-partition',
        path: at,
        message: `The role is in partition \`${partition}\`, but region ${env.region} is in \`${partitionOf(env.region)}\`; STS there would not know it.`,
        hint: `Write the ARN as \`arn:${partitionOf(env.region)}:iam::…\`.`,
      })
      return INVALID
    }
    return env
  },
)

const managedPolicy = object(
  {
    name: optional(
      described(string({ minLength: 1 }), 'Physical policy name (default: the logical id).'),
    ),
    path: optional(described(string(), 'IAM path (default `/`).')),
    description: optional(string()),
    tags: optional(tags),
    allow: optional(statements),
    deny: optional(statements),
    adopt: optional(
      described(boolean(), 'Take over an existing policy of this name keyward did not create.'),
    ),
  },
  {
    name: 'managed policy',
    description: 'A customer managed policy, attachable to several identities.',
  },
)

const version = refined(integer(), (value, cx, path) => {
  if (value === SUPPORTED_VERSION) return value
  cx.report({
    code: 'unsupported-version',
    path,
    message: `Manifest version ${value} is not supported; this keyward reads version ${SUPPORTED_VERSION}.`,
  })
  return INVALID
})

const logicalIds = { pattern: LOGICAL_ID, patternName: LOGICAL_ID_NAME } as const

export const manifest = object(
  {
    version: described(version, 'Manifest format version; always 1 for now.'),
    project: described(
      string({
        pattern: PROJECT_NAME,
        patternName: 'a project name (letters, digits, `.`, `_`, `-`)',
      }),
      'Project name; recorded in the `keyward:project` tag of everything keyward creates.',
    ),
    vars: optional(vars),
    environments: described(
      record(environment, { name: 'environments', key: logicalIds, minEntries: 1 }),
      'Environments (dev, prod, …), each an AWS account and region with its own variables.',
    ),
    policies: optional(
      described(
        record(managedPolicy, { name: 'policies', key: logicalIds }),
        'Customer managed policies.',
      ),
    ),
    identities: described(
      record(identity, { name: 'identities', key: logicalIds }),
      'Machine identities by logical id. The id is stable: renaming `name` later is a move, not a replacement.',
    ),
  },
  { name: 'manifest', description: 'A keyward manifest: machine identities for AWS.' },
)

export type ManifestSpec = Infer<typeof manifest>
export type EnvironmentSpec = ManifestSpec['environments'][string]
export type ManagedPolicySpec = NonNullable<ManifestSpec['policies']>[string]
