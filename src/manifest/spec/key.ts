import { described, optional, type Infer } from '../schema/core.ts'
import { byKind, list, object, record, stringList, tagged } from '../schema/collections.ts'
import { CANARY_ACTIONS } from '../../model/canary.ts'
import { boolean, duration, durationOrNever, oneOf, string } from '../schema/scalars.ts'

export const tags = described(
  record(string({ fromAnyScalar: true }), { name: 'tags' }),
  'Tags (key → value). keyward adds its own `keyward:*` tags to record ownership.',
)

const storeCommon = {
  name: described(string({ minLength: 1 }), 'Name of the secret or parameter.'),
  kmsKey: optional(described(string(), 'KMS key id, ARN or alias used to encrypt the value.')),
  description: optional(string()),
  tags: optional(tags),
} as const

const secretsManagerStore = object(
  {
    type: oneOf(['secretsmanager']),
    ...storeCommon,
    recoveryWindow: optional(
      described(
        duration(),
        'Days a deleted secret stays recoverable: 0, or 7d to 30d (default 30d).',
      ),
    ),
    readers: optional(
      described(
        stringList(),
        'Principal ARNs allowed to read the value; a resource policy denies everyone else.',
      ),
    ),
  },
  { name: 'Secrets Manager store' },
)

const ssmStore = object(
  {
    type: oneOf(['ssm']),
    ...storeCommon,
    tier: optional(
      described(oneOf(['Standard', 'Advanced']), 'Parameter tier (default Standard).'),
    ),
  },
  { name: 'SSM parameter store' },
)

export const store = tagged(
  'type',
  { secretsmanager: secretsManagerStore, ssm: ssmStore },
  {
    name: 'key store',
    description: 'Where the access key is written: the only place it ever exists.',
  },
)

export const rotation = object(
  {
    every: optional(
      described(
        durationOrNever(),
        'Rotate this often (default 90d); `never` to rotate only on demand.',
      ),
    ),
    verify: optional(
      described(boolean(), 'Prove the new key works before promoting it (default true).'),
    ),
    drain: optional(
      described(duration(), 'Keep the old key active this long after promotion (default 1d).'),
    ),
    deactivateFor: optional(
      described(
        duration(),
        'Keep the old key inactive, and recoverable, this long before deleting it (default 7d).',
      ),
    ),
    canary: optional(
      object(
        {
          action: described(
            oneOf(CANARY_ACTIONS),
            'A read-only action from the identity’s own grants.',
          ),
          resource: described(
            string({ minLength: 1 }),
            'What it acts on: a bucket ARN (arn:aws:s3:::NAME) or a secret ARN or name.',
          ),
        },
        {
          name: 'canary',
          description:
            'A call made with the new key before it is stored, proving it can do the identity’s work (needs verify).',
        },
      ),
    ),
  },
  { name: 'rotation policy' },
)

export const format = described(
  byKind<string | Record<string, string>>('a template string or a mapping of fields', {
    scalar: string(),
    map: record(string({ fromAnyScalar: true }), { name: 'fields' }),
  }),
  'What the store holds: a JSON object of fields, or one string. `${key.id}` and `${key.secret}` are filled at mint time.',
)

export const key = object(
  {
    store,
    format: optional(format),
    rotation: optional(rotation),
  },
  { name: 'key', description: 'An access key minted straight into a secret store.' },
)

const kubernetesConsumer = object(
  {
    namespace: described(string({ minLength: 1 }), 'Namespace of the Kubernetes Secret.'),
    secret: described(string({ minLength: 1 }), 'Name of the Kubernetes Secret ESO writes.'),
    refresh: optional(described(duration(), 'How often ESO re-reads the store (default 1h).')),
    restart: optional(
      described(
        list(string({ minLength: 1 })),
        'Workloads to restart when the key changes: `deployment/name`, `statefulset/name`, `daemonset/name`.',
      ),
    ),
    reader: optional(
      described(
        string({ minLength: 1 }),
        'Logical id of the identity External Secrets Operator reads the store as (default: the one identity whose grants can read it).',
      ),
    ),
    keys: optional(
      described(
        record(string({ minLength: 1 }), { name: 'keys' }),
        'Secret key → field of the JSON format, to project only some fields or rename them (default: every field under its own name).',
      ),
    ),
  },
  { name: 'Kubernetes consumer' },
)

/** Who reads the key; one kind for now, so each entry names its kind as its only key. */
export const consumer = object(
  { kubernetes: kubernetesConsumer },
  { name: 'consumer', description: 'A workload that reads the key.' },
)

export type KeySpec = Infer<typeof key>
export type StoreSpec = Infer<typeof store>
export type ConsumerSpec = Infer<typeof consumer>
