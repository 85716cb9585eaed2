/**
 * Member accounts of an Organization in one moto started with `multiAccount`: each gets the role
 * a central identity assumes (`keyward`), and the test gets clients acting inside that account —
 * through the same role, straight to moto — to read back what keyward did there.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { ADMIN } from './account.ts'

export interface MemberAccount {
  readonly account: string
  readonly roleArn: string
  readonly iam: IAMClient
  readonly secrets: SecretsManagerClient
  destroy(): void
}

/** The account moto puts credentials it does not know in: the central identity's. */
export const CENTRAL_ACCOUNT = '123456789012'

/**
 * Creates role `keyward` in `account`, trusting the central account and allowed everything (what
 * a runner's role needs is docs' business; moto enforces nothing unless told to), and returns
 * clients acting as that role. moto lets the role be assumed before it exists, which is how
 * the test gets into the account to create it.
 */
export async function memberAccount(
  endpoint: string,
  account: string,
  region = 'us-east-1',
): Promise<MemberAccount> {
  const roleArn = `arn:aws:iam::${account}:role/keyward`
  const sts = new STSClient({ region, endpoint, credentials: ADMIN })
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'test-setup' }),
  )
  sts.destroy()
  const config = {
    region,
    endpoint,
    credentials: {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    },
  }
  const iam = new IAMClient(config)
  const secrets = new SecretsManagerClient(config)
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'keyward',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${CENTRAL_ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  )
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'keyward',
      PolicyName: 'keyward',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  )
  return {
    account,
    roleArn,
    iam,
    secrets,
    destroy() {
      iam.destroy()
      secrets.destroy()
    },
  }
}
