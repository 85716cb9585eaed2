/**
 * The runner as a Kubernetes CronJob, for teams whose schedules live in a cluster: the runner
 * role's ServiceAccount (as `render k8s` renders it), a ConfigMap holding the manifest, and a
 * CronJob that runs the published keyward with npx under that service account, one run at a time.
 *
 * On EKS the pod identity webhook gives the pod the role from the ServiceAccount's annotation. Any
 * other issuer (GKE, a self-managed cluster) has no such webhook, so the pod gets the token
 * itself: a projected service account token for the role's audience, and the two variables the
 * AWS SDKs read it from.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-configuration.html
 * https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 * https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
import type { KubeObject } from '../k8s/objects.ts'
import { keywardLabels, objectName, ROLE_ARN_ANNOTATION } from '../k8s/objects.ts'
import { serviceAccounts } from '../k8s/service-accounts.ts'
import { webIdentityTrust } from '../k8s/web-identity.ts'
import { issuerHost } from '../model/arn.ts'
import type { ResolvedEnvironment, ResolvedRole } from '../model/resolved.ts'

/** Daily, off the hour, as Kubernetes' cron reads it (minute hour day month weekday). */
export const DEFAULT_CRON = '17 3 * * *'

/** Five fields, or one of the macros Kubernetes accepts. */
export const CRON_SCHEDULE =
  /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/

/** The official Node.js image: npx comes with it, and its `node` user is uid 1000. */
const IMAGE = 'node:24-slim'
const NODE_UID = 1000
const CONFIG_DIR = '/config'
const TOKEN_DIR = '/var/run/secrets/keyward/aws'

export interface CronJobInput {
  readonly env: ResolvedEnvironment
  /** The runner role, resolved: its trust names the one service account it runs as. */
  readonly role: ResolvedRole
  /** The manifest the runner reads, as the ConfigMap holds it. */
  readonly manifest: string
  /** The keyward release npx runs. */
  readonly version: string
  readonly schedule: string
}

export type CronJobRender =
  | { readonly kind: 'objects'; readonly objects: readonly KubeObject[] }
  | { readonly kind: 'no-service-account' }

/**
 * The three objects, in the order to apply them; `no-service-account` when the role's trust names
 * no service account (it was not rendered with --kubernetes).
 */
export function runnerCronJob(input: CronJobInput): CronJobRender {
  const { env, role } = input
  const account = serviceAccounts(env).objects.find(
    (o) => o.metadata.annotations?.[ROLE_ARN_ANNOTATION] === role.arn,
  )
  const trust = webIdentityTrust(role.trustPolicy)
  const namespace = account?.metadata.namespace
  if (account === undefined || namespace === undefined || trust === undefined)
    return { kind: 'no-service-account' }
  const labels = keywardLabels(env.project, env.environment.name, role.id)
  const name = objectName(role.id)
  const config = `${name}-manifest`
  const projected = role.oidc !== undefined && !isEks(role.oidc.issuer)
  const audience = role.oidc?.audience ?? trust.audiences[0] ?? 'sts.amazonaws.com'
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: config, namespace, labels },
    data: { 'keyward.yaml': input.manifest },
  }
  const command = [
    '--yes',
    `keyward@${input.version}`,
    'rotate',
    `${CONFIG_DIR}/keyward.yaml`,
    '--env',
    env.environment.name,
    '--due',
    '--yes',
    '-o',
    'json',
  ]
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace, labels },
    spec: {
      schedule: input.schedule,
      // The journal lets only one run advance a rotation; Forbid keeps a second from trying.
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          // A failed run is resumed by the next: one more try, not a loop of new keys.
          backoffLimit: 1,
          activeDeadlineSeconds: 1800,
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: account.metadata.name,
              // keyward talks to AWS only, never to the Kubernetes API.
              automountServiceAccountToken: false,
              restartPolicy: 'Never',
              securityContext: {
                runAsNonRoot: true,
                runAsUser: NODE_UID,
                runAsGroup: NODE_UID,
                fsGroup: NODE_UID,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: 'keyward',
                  image: IMAGE,
                  command: ['npx'],
                  args: command,
                  env: [
                    // npx unpacks keyward under the npm cache: the only writable place is /tmp.
                    { name: 'HOME', value: '/tmp' },
                    { name: 'npm_config_cache', value: '/tmp/.npm' },
                    { name: 'npm_config_update_notifier', value: 'false' },
                    ...(projected
                      ? [
                          { name: 'AWS_ROLE_ARN', value: role.arn },
                          { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: `${TOKEN_DIR}/token` },
                        ]
                      : []),
                  ],
                  resources: {
                    requests: { cpu: '100m', memory: '256Mi' },
                    limits: { memory: '512Mi' },
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ['ALL'] },
                  },
                  volumeMounts: [
                    { name: 'manifest', mountPath: CONFIG_DIR, readOnly: true },
                    { name: 'tmp', mountPath: '/tmp' },
                    ...(projected
                      ? [{ name: 'aws-token', mountPath: TOKEN_DIR, readOnly: true }]
                      : []),
                  ],
                },
              ],
              volumes: [
                { name: 'manifest', configMap: { name: config } },
                { name: 'tmp', emptyDir: {} },
                ...(projected
                  ? [
                      {
                        name: 'aws-token',
                        projected: {
                          sources: [
                            {
                              serviceAccountToken: {
                                audience,
                                expirationSeconds: 3600,
                                path: 'token',
                              },
                            },
                          ],
                        },
                      },
                    ]
                  : []),
              ],
            },
          },
        },
      },
    },
  }
  return { kind: 'objects', objects: [account, configMap, cronJob] }
}

/** EKS clusters' issuers, where the pod identity webhook injects the role's token. */
function isEks(issuer: string): boolean {
  return /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//.test(issuerHost(issuer))
}
