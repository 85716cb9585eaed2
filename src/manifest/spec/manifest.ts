import { described, INVALID, optional, refined, type Infer } from '../schema/core.ts'
import { object, record } from '../schema/collections.ts'
import { boolean, integer, string } from '../schema/scalars.ts'
import { identity } from './identities.ts'
import { tags } from './key.ts'
import {
  ACCOUNT_ID,
  LOGICAL_ID,
  LOGICAL_ID_NAME,
  PROJECT_NAME,
  REGION,
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

const environment = object(
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
    vars: optional(vars),
  },
  { name: 'environment' },
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
