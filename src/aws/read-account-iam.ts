/**
 * Everything IAM holds in an account, for `check --account`: GetAccountAuthorizationDetails for
 * users, groups, roles and customer managed policies, then the AWS managed policies that are
 * actually attached — two calls each (GetPolicy for the default version, GetPolicyVersion for
 * its document), rather than GAAD's AWSManagedPolicy filter, which would page through every AWS
 * managed policy there is.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type GetPolicyCommandOutput,
  type GetPolicyVersionCommandOutput,
} from '@aws-sdk/client-iam'
import type { AccountIam, ActualPolicy } from '../model/account-state.ts'
import { decodeDocument, readIam } from './read-state.ts'
import type { AwsSession } from './session.ts'

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//

export async function readAccountIam(session: AwsSession): Promise<AccountIam> {
  const iam = await readIam(session, false)
  const attached = new Set(
    [...iam.users, ...iam.groups, ...iam.roles].flatMap((i) =>
      i.managedPolicies.filter((arn) => AWS_MANAGED.test(arn)),
    ),
  )
  const known = new Set(iam.policies.map((p) => p.arn))
  const awsManaged = await Promise.all(
    [...attached].filter((arn) => !known.has(arn)).map((arn) => readManaged(session, arn)),
  )
  return { ...iam, policies: [...iam.policies, ...awsManaged] }
}

async function readManaged(session: AwsSession, arn: string): Promise<ActualPolicy> {
  const { Policy: policy } = await session.send<GetPolicyCommandOutput>(
    session.iam,
    new GetPolicyCommand({ PolicyArn: arn }),
    'iam:GetPolicy',
  )
  const versionId = policy?.DefaultVersionId ?? 'v1'
  const { PolicyVersion: version } = await session.send<GetPolicyVersionCommandOutput>(
    session.iam,
    new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }),
    'iam:GetPolicyVersion',
  )
  return {
    name: policy?.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1),
    arn,
    path: policy?.Path ?? '/',
    ...(policy?.Description === undefined ? {} : { description: policy.Description }),
    document: decodeDocument(version?.Document),
    versions: 1,
  }
}
