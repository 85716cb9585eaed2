import { described, optional, refined, type Infer } from '../schema/core.ts'
import { list, object, record, stringList } from '../schema/collections.ts'
import { string } from '../schema/scalars.ts'
import { SID } from './patterns.ts'
import { exactlyOne } from './refine.ts'

/** `{ StringEquals: { "aws:SourceVpc": [vpc-1] } }`, IAM's own shape. */
export const conditions = described(
  record(record(stringList({ fromAnyScalar: true, minItems: 1 }), { name: 'condition keys' }), {
    name: 'condition operators',
  }),
  'IAM condition block: operator → condition key → value(s), exactly as in IAM JSON.',
)

const actions = stringList({ minItems: 1 })
const resources = stringList({ minItems: 1 })

/** One IAM statement; its effect comes from the list it is in (`allow` or `deny`). */
export const statement = refined(
  refined(
    object(
      {
        sid: optional(
          described(
            string({ pattern: SID, patternName: 'a statement id (letters and digits only)' }),
            'Statement id, kept in the IAM document.',
          ),
        ),
        actions: optional(described(actions, 'Actions, e.g. `s3:PutObject`; wildcards allowed.')),
        notActions: optional(described(actions, 'Every action except these (IAM NotAction).')),
        resources: optional(described(resources, 'Resource ARNs; `${…}` references allowed.')),
        notResources: optional(
          described(resources, 'Every resource except these (IAM NotResource).'),
        ),
        conditions: optional(conditions),
      },
      { name: 'statement' },
    ),
    exactlyOne(['actions', 'notActions'], 'statement'),
  ),
  exactlyOne(['resources', 'notResources'], 'statement'),
)

export type StatementSpec = Infer<typeof statement>

export const statements = list(statement)

/** An action × resource pair the identity must never be able to perform, proven before apply. */
export const never = refined(
  object(
    {
      actions: described(actions, 'Actions that must stay denied.'),
      resources: optional(described(resources, 'On these resources (default: any resource).')),
      notResources: optional(
        described(
          resources,
          'On every resource except these: "only here", e.g. pushes to one repository only.',
        ),
      ),
      conditions: optional(conditions),
    },
    { name: 'never assertion', description: 'Proven offline: no request context may allow it.' },
  ),
  exactlyOne(['resources', 'notResources'], 'never assertion', { optional: true }),
)

export type NeverSpec = Infer<typeof never>
