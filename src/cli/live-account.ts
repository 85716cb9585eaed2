/**
 * The live side of `check --account` and `diff --account`: connect to the environment's account
 * (refusing the wrong one), read all of IAM, and shape it as an environment. Loaded only when
 * asked for, so the offline commands never load the AWS SDK.
 */
import { liveEnvironment } from '../analyze/live-environment.ts'
import { readAccountIam } from '../aws/read-account-iam.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { AwsFlags } from './aws-flags.ts'
import { connect } from './aws.ts'
import type { Io } from './io.ts'

export async function readLiveEnvironment(
  flags: AwsFlags,
  io: Io,
  declared: ResolvedEnvironment,
  all: readonly ResolvedEnvironment[],
  scope: 'account' | 'managed' = 'account',
): Promise<ResolvedEnvironment> {
  const { account, region } = declared.environment
  const session = await connect(flags, io, account, region)
  const iam = await readAccountIam(session)
  const others = all.filter((e) => e.environment.name !== declared.environment.name)
  return liveEnvironment({ declared, others, iam, scope })
}
