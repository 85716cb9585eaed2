/**
 * A ServiceAccount for every service account a role's trust names, annotated with the role's ARN:
 * EKS's pod identity webhook reads the annotation to give pods the role, and ESO reads it to
 * assume the role for a SecretStore's `auth.jwt`.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { keywardLabels, ROLE_ARN_ANNOTATION, type KubeObject } from './objects.ts'
import { DEFAULT_AUDIENCE } from '../model/oidc-providers.ts'
import type { RenderProblem } from './problems.ts'
import { webIdentityTrust } from './web-identity.ts'

/** https://github.com/aws/amazon-eks-pod-identity-webhook#eks-walkthrough */
const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience'

export function serviceAccounts(env: ResolvedEnvironment): {
  readonly objects: KubeObject[]
  readonly problems: RenderProblem[]
} {
  const objects: KubeObject[] = []
  const problems: RenderProblem[] = []
  const taken = new Map<string, string>()
  for (const role of env.identities) {
    if (role.type !== 'role') continue
    const trust = webIdentityTrust(role.trustPolicy)
    if (trust === undefined) continue
    const [audience] = trust.audiences.filter((a) => a !== DEFAULT_AUDIENCE)
    for (const account of trust.serviceAccounts) {
      const key = `${account.namespace}/${account.name}`
      const holder = taken.get(key)
      if (holder !== undefined) {
        problems.push({
          severity: 'warning',
          message: `${role.id} and ${holder} both trust the service account ${key}, which can name only one role; it is rendered for ${holder}.`,
          hint: 'Give each role its own service account.',
          at: role.source,
        })
        continue
      }
      taken.set(key, role.id)
      objects.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: account.name,
          namespace: account.namespace,
          labels: keywardLabels(env.project, env.environment.name, role.id),
          annotations: {
            [ROLE_ARN_ANNOTATION]: role.arn,
            ...(audience === undefined ? {} : { [AUDIENCE_ANNOTATION]: audience }),
          },
        },
      })
    }
  }
  return { objects, problems }
}
