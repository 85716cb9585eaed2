import { described, INVALID, optional, refined, type Infer } from '../schema/core.ts'
import { list, object, stringList, tagged } from '../schema/collections.ts'
import { boolean, duration, oneOf, string } from '../schema/scalars.ts'
import { consumer, key, tags } from './key.ts'
import { exactlyOne } from './refine.ts'
import { conditions, never, statements } from './statements.ts'

/** Fields every identity type shares: naming and grants. */
const grants = {
  name: optional(
    described(string({ minLength: 1 }), 'Physical IAM name (default: the logical id).'),
  ),
  path: optional(described(string(), 'IAM path, `/` or `/a/b/` (default `/`).')),
  policyName: optional(
    described(string({ minLength: 1 }), 'Name of the inline policy (default `keyward`).'),
  ),
  allow: optional(described(statements, 'Allow statements of the inline policy.')),
  deny: optional(described(statements, 'Deny statements of the inline policy.')),
  managedPolicies: optional(
    described(stringList(), 'Managed policies to attach: ARNs, or logical ids from `policies`.'),
  ),
  never: optional(described(list(never), 'What this identity must never be able to do.')),
  adopt: optional(
    described(
      boolean(),
      'Take over an existing resource of this name that keyward did not create (and, for a user, its store).',
    ),
  ),
} as const

const permissionsBoundary = optional(
  described(
    string(),
    'Managed policy that caps the permissions: an ARN or a logical id from `policies`.',
  ),
)

const user = object(
  {
    type: oneOf(['user']),
    ...grants,
    tags: optional(tags),
    permissionsBoundary,
    groups: optional(described(stringList(), 'Logical ids of the groups this user belongs to.')),
    key: optional(key),
    consumers: optional(described(list(consumer), 'Workloads that read this user’s key.')),
  },
  { name: 'identity' },
)

const group = object({ type: oneOf(['group']), ...grants }, { name: 'identity' })

const oidcTrust = refined(
  object(
    {
      issuer: described(string({ minLength: 1 }), 'OIDC issuer URL, e.g. the EKS cluster’s.'),
      serviceAccounts: optional(
        described(
          stringList(),
          'Kubernetes service accounts as `namespace/name`; `*` makes it a pattern.',
        ),
      ),
      subjects: optional(
        described(stringList(), 'Token subjects (`sub`) for non-Kubernetes issuers.'),
      ),
      audience: optional(
        described(string(), 'Required token audience (default `sts.amazonaws.com`).'),
      ),
      thumbprints: optional(
        described(
          stringList({ minItems: 1 }),
          'Certificate thumbprints (40 hex characters) for the IAM OIDC provider keyward creates; without them IAM keeps its own.',
        ),
      ),
    },
    { name: 'OIDC trust' },
  ),
  exactlyOne(['serviceAccounts', 'subjects'], 'OIDC trust', { optional: true }),
)

const trust = object(
  {
    oidc: optional(oidcTrust),
    aws: optional(described(stringList(), 'AWS principals: ARNs or 12-digit account ids.')),
    services: optional(
      described(stringList(), 'AWS service principals, e.g. `lambda.amazonaws.com`.'),
    ),
    conditions: optional(conditions),
  },
  { name: 'trust', description: 'Who may assume the role.' },
)

const role = object(
  {
    type: oneOf(['role']),
    ...grants,
    description: optional(string()),
    tags: optional(tags),
    permissionsBoundary,
    trust: refined(trust, (value, cx, path) => {
      if (value.oidc || value.aws || value.services) return value
      cx.report({
        code: 'missing-key',
        path,
        part: 'key',
        message: 'A trust needs at least one of `oidc`, `aws` or `services`.',
      })
      return INVALID
    }),
    maxSessionDuration: optional(described(duration(), 'Longest session, 1h to 12h (default 1h).')),
  },
  { name: 'identity' },
)

export const identity = tagged(
  'type',
  { user, group, role },
  {
    name: 'identity',
    description: 'A machine identity: an IAM user, group or role.',
    foreign: (field, keyPath, kind) =>
      field === 'key'
        ? {
            code: 'key-not-allowed',
            path: keyPath,
            part: 'key',
            message: `A ${kind} cannot have an access key; only users do.`,
            hint:
              kind === 'role'
                ? 'Roles are assumed, not keyed: consumers get temporary credentials through `trust` (e.g. OIDC).'
                : 'Give the key to a user and add the user to this group with `groups`.',
          }
        : field === 'tags' && kind === 'group'
          ? {
              code: 'not-allowed-for-type',
              path: keyPath,
              part: 'key',
              message: 'IAM groups cannot be tagged.',
            }
          : undefined,
  },
)

export type IdentitySpec = Infer<typeof identity>
export type UserSpec = Extract<IdentitySpec, { type: 'user' }>
export type GroupSpec = Extract<IdentitySpec, { type: 'group' }>
export type RoleSpec = Extract<IdentitySpec, { type: 'role' }>
