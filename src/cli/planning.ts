/**
 * From a manifest to a plan against a live account: load and validate, choose the environment,
 * connect (refusing the wrong account), read the account in few calls, and diff. Shared by
 * `plan` and `apply`.
 */
import { readAccountState } from '../aws/read-state.ts'
import type { AccountState } from '../model/account-state.ts'
import { environmentDocuments, type ResolvedEnvironment } from '../model/resolved.ts'
import type { RetryObserver } from '../aws/retry.ts'
import type { AwsSession } from '../aws/session.ts'
import type { ManifestSource } from '../manifest/load.ts'
import { sweepDiffer } from '../plan/broadening.ts'
import { servicesNamed } from '../policy/actions.ts'
import { buildPlan } from '../plan/build-plan.ts'
import { digest } from '../plan/digest.ts'
import type { Plan } from '../plan/plan.ts'
import { scopeOf } from '../plan/scope.ts'
import { loadCatalog } from '../policy/catalog.ts'
import { ActionTable } from '../policy/sweep/action-table.ts'
import type { AwsFlags } from './aws-flags.ts'
import { connect } from './aws.ts'
import { chooseEnvironment } from './environments.ts'
import type { Io } from './io.ts'
import { loadValidManifest } from './manifest-files.ts'

export interface PlanRequest {
  readonly file: string
  readonly env: string | undefined
  readonly flags: AwsFlags
  readonly allowDelete: boolean
  readonly observer?: RetryObserver
}

export interface Planned {
  readonly plan: Plan
  readonly session: AwsSession
}

/** A valid manifest's environment, or an abort listing every error with its file and line. */
export async function loadEnvironment(
  io: Io,
  file: string,
  env: string | undefined,
  verb = 'planned',
): Promise<{ readonly source: ManifestSource; readonly desired: ResolvedEnvironment }> {
  const { source, manifest } = await loadValidManifest(io, file, verb)
  return { source, desired: chooseEnvironment(manifest, env) }
}

export async function planFromManifest(io: Io, request: PlanRequest): Promise<Planned> {
  const { source, desired } = await loadEnvironment(io, request.file, request.env)
  const session = await connect(request.flags, io, desired.environment, {
    observer: request.observer,
  })
  const { plan } = await planWith(session, source, desired, request.allowDelete)
  return { plan, session }
}

/**
 * The plan for an environment over a session already connected to its account, with the account
 * state it was made from (every user of the account, managed or not).
 */
export async function planWith(
  session: AwsSession,
  source: ManifestSource,
  desired: ResolvedEnvironment,
  allowDelete: boolean,
): Promise<{ readonly plan: Plan; readonly actual: AccountState }> {
  const actual = await readAccountState(session, scopeOf(desired))
  const catalog = await loadCatalog(servicesNamed(documentsOf(desired, actual)))
  const plan = buildPlan({
    desired,
    actual,
    manifest: { file: source.file, hash: digest(source.text) },
    allowDelete,
    differ: sweepDiffer(new ActionTable(catalog), desired.environment.account),
    createdAt: new Date().toISOString(),
  })
  return { plan, actual }
}

/** Every policy document a plan may compare, on either side. */
function* documentsOf(desired: ResolvedEnvironment, actual: AccountState): Generator {
  yield* environmentDocuments(desired)
  for (const p of actual.policies) yield p.document
  for (const e of [...actual.users, ...actual.groups, ...actual.roles])
    yield* Object.values(e.inlinePolicies)
}
