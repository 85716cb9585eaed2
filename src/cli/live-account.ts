/**
 * The live side of `check --account` and `diff --account`: choose the one environment whose
 * account is read, connect to it (refusing the wrong account), read all of IAM, and shape it as
 * an environment. Loaded only when asked for, so the offline commands never load the AWS SDK.
 */
import { liveEnvironment } from '../analyze/live-environment.ts'
import { readAccountIam } from '../aws/read-account-iam.ts'
import { UsageError } from '../errors.ts'
import type { Manifest } from '../manifest/load.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { AwsFlags } from './aws-flags.ts'
import { connect } from './aws.ts'
import { chooseEnvironment } from './environments.ts'
import type { Io } from './io.ts'

export interface LiveRequest {
  readonly command: 'check' | 'diff'
  readonly manifest: Manifest
  /** The `--env` values given: exactly one is required. */
  readonly wanted: readonly string[]
  /** `managed` for diff: only what apply would change (see liveEnvironment). */
  readonly scope: 'account' | 'managed'
}

export interface Live {
  /** The environment as the manifest declares it. */
  readonly declared: ResolvedEnvironment
  /** The same environment as its account holds it. */
  readonly live: ResolvedEnvironment
}

export async function readLiveEnvironment(
  flags: AwsFlags,
  io: Io,
  request: LiveRequest,
): Promise<Live> {
  const all = [...request.manifest.environments.values()]
  if (request.wanted.length !== 1)
    throw new UsageError(
      'usage',
      `${request.command} --account reads one account: name its environment with --env.`,
      `One of: ${all.map((e) => e.environment.name).join(', ')}.`,
    )
  const declared = chooseEnvironment(request.manifest, request.wanted[0])
  const session = await connect(flags, io, declared.environment)
  const iam = await readAccountIam(session)
  const others = all.filter((e) => e.environment.name !== declared.environment.name)
  return { declared, live: liveEnvironment({ declared, others, iam, scope: request.scope }) }
}
