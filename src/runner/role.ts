/**
 * The runner: an IAM role that runs `keyward rotate --due` inside the account on a schedule, so
 * that no person's credentials create keys. Built as a manifest entry — the manifest's own
 * references, not one environment's values — so the same entry holds in every environment, and
 * `apply` creates it and `check` proves it like any other identity.
 *
 * Least privilege, from what a rotation calls (operations.ts): key actions on the users keyward
 * manages with a key, and only while they carry this project's and environment's ownership tags;
 * store actions on their stores (and the stores' own KMS keys, through the store's service only);
 * the environment's rotation journal. Its `never` assertions (proofs.ts) state what it cannot do.
 */
import type { ResolvedEnvironment, ResolvedUser } from '../model/resolved.ts'
import { TAG_ENV, TAG_PROJECT } from '../model/tags.ts'
import type { ManifestSpec } from '../manifest/spec/manifest.ts'
import {
  JOURNAL_ACTIONS,
  KEY_ACTIONS,
  PARAMETER_STORE_ACTIONS,
  SECRET_STORE_ACTIONS,
} from './operations.ts'
import { runnerNever, type NeverEntry } from './proofs.ts'
import { storeKeyStatements, type KeyedStore, type StatementEntry } from './store-keys.ts'

export const DEFAULT_RUNNER_ID = 'keyward-runner'

/** Who may assume the runner: the service or workload that runs it. */
export type RunnerTrust =
  /** An AWS Lambda function in the environment's account (the Scheduler deployment). */
  | { readonly kind: 'lambda' }
  /** A Kubernetes service account, through the cluster's OIDC issuer (the CronJob). */
  | {
      readonly kind: 'kubernetes'
      readonly issuer: string
      readonly namespace: string
      readonly serviceAccount: string
    }
  /** A runner in another account that assumes this role (its environment's `assumeRole`). */
  | { readonly kind: 'central'; readonly principal: string }

export interface RunnerOptions {
  /** The logical id of the role in the manifest. */
  readonly id: string
  readonly trust: RunnerTrust
}

export interface TrustEntry {
  readonly services?: readonly string[]
  readonly aws?: readonly string[]
  readonly oidc?: { readonly issuer: string; readonly serviceAccounts: readonly string[] }
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/** The role as the manifest holds it under `identities:`. */
export interface RunnerEntry {
  readonly type: 'role'
  readonly name: string
  readonly description: string
  readonly trust: TrustEntry
  readonly allow: readonly StatementEntry[]
  readonly never: readonly NeverEntry[]
}

export interface RunnerRole {
  readonly id: string
  readonly entry: RunnerEntry
  /** Logical ids of the users whose keys it rotates. */
  readonly users: readonly string[]
  /** The physical name, as written (with `${…}`): the Lambda function and its log group use it. */
  readonly name: string
}

export type RunnerResult =
  | { readonly kind: 'role'; readonly role: RunnerRole }
  /** Nothing to rotate: the manifest declares no user with a key. */
  | { readonly kind: 'no-keyed-users' }
  /** The id is already an identity that is not a role: replacing it would delete it. */
  | { readonly kind: 'id-taken'; readonly type: string }

/** The journal's ARN; its name is src/model/rotation-journal.ts's, written with references. */
const JOURNAL_ARN =
  'arn:${partition}:secretsmanager:${region}:${account}:secret:keyward/journal/${project}/${env}-??????'

/**
 * The runner for `spec`, judged in `env` where a value's kind matters (a store's `kmsKey`: a key
 * or an alias). A user without a key, groups and roles have nothing to rotate and are left out.
 */
export function runnerRole(
  spec: ManifestSpec,
  env: ResolvedEnvironment,
  options: RunnerOptions,
): RunnerResult {
  const taken = spec.identities[options.id]
  if (taken !== undefined && taken.type !== 'role') return { kind: 'id-taken', type: taken.type }
  const users = env.identities.filter(
    (i): i is ResolvedUser & { key: NonNullable<ResolvedUser['key']> } =>
      i.type === 'user' && i.key !== undefined,
  )
  if (users.length === 0) return { kind: 'no-keyed-users' }
  const userArns = users.map((u) => `\${identities.${u.id}.arn}`)
  const storeArns = users.map((u) => `\${identities.${u.id}.key.store.arn}`)
  const secrets = users.filter((u) => u.key.store.type === 'secretsmanager')
  const parameters = users.filter((u) => u.key.store.type === 'ssm')
  const keyed: KeyedStore[] = users.flatMap((u) => {
    const written = writtenKmsKey(spec, u.id)
    return written === undefined ? [] : [{ store: u.key.store, written }]
  })
  const name = `\${project}-${options.id}-\${env}`
  const allow: StatementEntry[] = [
    {
      sid: 'AccessKeysOfManagedUsers',
      actions: [...KEY_ACTIONS],
      resources: userArns,
      // A user of that name that keyward does not own for this environment is not rotated.
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${TAG_PROJECT}`]: '${project}',
          [`aws:ResourceTag/${TAG_ENV}`]: '${env}',
        },
      },
    },
    ...(secrets.length === 0
      ? []
      : [
          {
            sid: 'SecretStores',
            actions: [...SECRET_STORE_ACTIONS],
            resources: secrets.map((u) => `\${identities.${u.id}.key.store.arn}`),
          },
        ]),
    ...(parameters.length === 0
      ? []
      : [
          {
            sid: 'ParameterStores',
            actions: [...PARAMETER_STORE_ACTIONS],
            resources: parameters.map((u) => `\${identities.${u.id}.key.store.arn}`),
          },
        ]),
    ...storeKeyStatements(keyed),
    { sid: 'RotationJournal', actions: [...JOURNAL_ACTIONS], resources: [JOURNAL_ARN] },
    ...(options.trust.kind === 'lambda' ? [logStatement(name)] : []),
  ]
  return {
    kind: 'role',
    role: {
      id: options.id,
      name,
      users: users.map((u) => u.id),
      entry: {
        type: 'role',
        name,
        // IAM takes only Latin-1 in a role's description.
        description: `Runs keyward rotate --due on a schedule for \${project} \${env}: rotates the access keys of the users keyward manages. Rendered by keyward render runner.`,
        trust: trustEntry(options.trust),
        allow,
        never: runnerNever(storeArns, JOURNAL_ARN, userArns),
      },
    },
  }
}

/** The Lambda function writes its output to its own log group, named after the function. */
function logStatement(name: string): StatementEntry {
  return {
    sid: 'FunctionLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [
      `arn:\${partition}:logs:\${region}:\${account}:log-group:/aws/lambda/${name}:log-stream:*`,
    ],
  }
}

function trustEntry(trust: RunnerTrust): TrustEntry {
  switch (trust.kind) {
    case 'lambda':
      // Lambda assumes the role for functions of this account only (the confused deputy).
      return {
        services: ['lambda.amazonaws.com'],
        conditions: { StringEquals: { 'aws:SourceAccount': '${account}' } },
      }
    case 'kubernetes':
      return {
        oidc: {
          issuer: trust.issuer,
          serviceAccounts: [`${trust.namespace}/${trust.serviceAccount}`],
        },
      }
    case 'central':
      return { aws: [trust.principal] }
  }
}

function writtenKmsKey(spec: ManifestSpec, id: string): string | undefined {
  const identity = spec.identities[id]
  return identity?.type === 'user' ? identity.key?.store.kmsKey : undefined
}
