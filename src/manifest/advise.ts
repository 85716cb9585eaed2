/**
 * Which users could stop being users: an identity whose key is only ever read by software that
 * can present a token (a Kubernetes service account, through the cluster's OIDC issuer) needs no
 * long-lived key, no store, no rotation and no bootstrap. Each piece of advice carries the exact
 * manifest entry that replaces the user, written from the manifest's own text so its templates
 * keep working in every environment.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
 */
import { formatDuration } from '../model/duration.ts'
import type { ResolvedEnvironment, ResolvedUser } from '../model/resolved.ts'
import type { ConsumerRead } from '../model/consumer-read.ts'
import type { UserSpec } from './spec/identities.ts'
import type { ManifestSpec } from './spec/manifest.ts'

export type AdviceKind = 'eso-reader' | 'kubernetes-workload' | 'no-consumer'

export interface Advice {
  readonly identity: string
  readonly kind: AdviceKind
  /** recommended: nothing but ESO uses the key; likely: the workload must read web identity. */
  readonly confidence: 'recommended' | 'likely' | 'possible'
  readonly summary: string
  /** The manifest entry that replaces the user, as YAML would hold it; absent when unknown. */
  readonly replacement?: Readonly<Record<string, unknown>>
  /** What the change deletes, environment by environment. */
  readonly removes: readonly string[]
  /** What must hold, or be done, for the change to work. */
  readonly requires: readonly string[]
  /** Variables the replacement refers to that the environments must define. */
  readonly vars?: Readonly<Record<string, string>>
}

export interface AdviseInput {
  readonly spec: ManifestSpec
  readonly environments: readonly {
    readonly env: ResolvedEnvironment
    readonly reads: readonly ConsumerRead[]
  }[]
  /** The cluster's OIDC issuer URL, when the user gave it. */
  readonly issuer?: string
}

const ISSUER_VAR = 'issuer'

export function advise(input: AdviseInput): Advice[] {
  const issuer = issuerText(input)
  const out: Advice[] = []
  for (const [id, spec] of Object.entries(input.spec.identities)) {
    if (spec.type !== 'user' || spec.key === undefined) continue
    const users = input.environments.flatMap(({ env, reads }) => {
      const user = env.identities.find((i) => i.id === id)
      return user?.type === 'user' ? [{ env, reads, user }] : []
    })
    const [first] = users
    if (first === undefined) continue
    const signs = first.reads.filter((r) => r.reader === id && r.owner !== id)
    if (signs.length > 0) out.push(esoReader(id, spec, users, signs, issuer))
    else if (first.user.consumers.length > 0) out.push(workload(id, spec, users, issuer))
    else out.push(noConsumer(id, users))
  }
  // The surest change first: it may make the others simpler.
  return out.sort((a, b) => RANK[a.confidence] - RANK[b.confidence])
}

const RANK: Readonly<Record<Advice['confidence'], number>> = {
  recommended: 0,
  likely: 1,
  possible: 2,
}

interface Issuer {
  readonly text: string
  readonly vars?: Readonly<Record<string, string>>
  readonly requires?: string
}

/** The issuer as the manifest already spells it for its roles, or a variable to define. */
function issuerText(input: AdviseInput): Issuer {
  if (input.issuer !== undefined) return { text: input.issuer }
  const used = new Set<string>()
  for (const spec of Object.values(input.spec.identities)) {
    if (spec.type === 'role' && spec.trust.oidc !== undefined) used.add(spec.trust.oidc.issuer)
  }
  const [only, ...others] = used
  if (only !== undefined && others.length === 0) return { text: only }
  return {
    text: `\${${ISSUER_VAR}}`,
    vars: { [ISSUER_VAR]: 'the cluster’s OIDC issuer URL' },
    requires: `each environment defines \`${ISSUER_VAR}\`, its cluster’s OIDC issuer (EKS: \`aws eks describe-cluster --name NAME --query cluster.identity.oidc.issuer\`; GKE: https://container.googleapis.com/v1/projects/PROJECT/locations/LOCATION/clusters/NAME), or pass --issuer`,
  }
}

type Found = { readonly env: ResolvedEnvironment; readonly user: ResolvedUser }

function esoReader(
  id: string,
  spec: UserSpec,
  users: readonly Found[],
  signs: readonly ConsumerRead[],
  issuer: Issuer,
): Advice {
  const namespaces = [...new Set(signs.map((s) => s.namespace))]
  const own = users[0]?.user.consumers ?? []
  // The Secret that held its key names the service account, so the cluster side reads alike.
  const accounts = namespaces.map((ns) => {
    const home = own.find((c) => c.namespace === ns) ?? own[0]
    return `${ns}/${home?.secret ?? id}`
  })
  const owners = [...new Set(signs.map((s) => s.owner))]
  return {
    identity: id,
    kind: 'eso-reader',
    confidence: 'recommended',
    summary: `External Secrets Operator reads ${owners.join(', ')} as ${id}. As a role it assumes with a service account token, it needs no key of its own and no bootstrap Secret.`,
    replacement: asRole(
      id,
      spec,
      issuer.text,
      accounts,
      `External Secrets Operator reading ${owners.join(', ')}`,
    ),
    removes: users.flatMap(({ env, user }) => [
      ...keyRemovals(env, user),
      ...user.consumers.map(
        (c) => `${env.environment.name}: the bootstrap Secret ${c.namespace}/${c.secret}`,
      ),
    ]),
    requires: [
      ...(issuer.requires === undefined ? [] : [issuer.requires]),
      ...groupsNote(spec),
      'the cluster’s issuer is registered with IAM: keyward apply creates the OIDC provider',
      `ESO may create tokens for ${accounts.join(', ')} (its Helm chart’s default RBAC allows it); \`keyward render k8s\` renders the ServiceAccounts and the SecretStore`,
    ],
    ...(issuer.vars === undefined ? {} : { vars: issuer.vars }),
  }
}

function workload(id: string, spec: UserSpec, users: readonly Found[], issuer: Issuer): Advice {
  const consumers = users[0]?.user.consumers ?? []
  const accounts = [
    ...new Set(
      consumers.flatMap((c) =>
        c.restart.length === 0
          ? [`${c.namespace}/${c.secret}`]
          : c.restart.map((t) => `${c.namespace}/${t.name}`),
      ),
    ),
  ]
  const format = users[0]?.user.key?.format
  const extra =
    format?.kind === 'json'
      ? Object.entries(format.fields)
          .filter(([, t]) => !t.includes('${key.'))
          .map(([field]) => field)
      : []
  return {
    identity: id,
    kind: 'kubernetes-workload',
    confidence: 'likely',
    summary: `Only workloads in Kubernetes read ${id}'s key. If they read AWS credentials through the SDK's default chain, a role for their service accounts replaces the key, its store, its rotation and the ExternalSecret.`,
    replacement: asRole(id, spec, issuer.text, accounts),
    removes: users.flatMap(({ env, user }) => [
      ...keyRemovals(env, user),
      ...user.consumers.map(
        (c) => `${env.environment.name}: the ExternalSecret and Secret ${c.namespace}/${c.secret}`,
      ),
    ]),
    requires: [
      ...(issuer.requires === undefined ? [] : [issuer.requires]),
      ...groupsNote(spec),
      `the service accounts are ${accounts.join(', ')} (named after the workloads; change them if not)`,
      'the pods get web identity credentials: on EKS the ServiceAccount annotation `keyward render k8s` writes is enough; elsewhere (GKE…) mount a projected token with audience sts.amazonaws.com and set AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE',
      ...(extra.length === 0
        ? []
        : [
            `the Secret’s other fields (${extra.join(', ')}) move to a ConfigMap or the workload’s environment`,
          ]),
    ],
    ...(issuer.vars === undefined ? {} : { vars: issuer.vars }),
  }
}

function noConsumer(id: string, users: readonly Found[]): Advice {
  return {
    identity: id,
    kind: 'no-consumer',
    confidence: 'possible',
    summary: `Nothing in the manifest says what reads ${id}'s key. If it runs on AWS compute (Lambda, ECS, EC2), give it a role with \`trust.services\`; in CI with an OIDC issuer (GitHub Actions: token.actions.githubusercontent.com), a role with \`trust.oidc.subjects\`. Keep the user only where the key itself matters, e.g. presigned URLs that must carry the same key id.`,
    removes: users.flatMap(({ env, user }) => keyRemovals(env, user)),
    requires: ['knowing what runs with the key: add it as a consumer, and advise says more'],
  }
}

/** Roles cannot join groups: what a group gave must be attached to the role itself. */
function groupsNote(spec: UserSpec): string[] {
  if (spec.groups === undefined || spec.groups.length === 0) return []
  return [
    `what its groups (${spec.groups.join(', ')}) grant is attached to the role as managed policies: roles cannot join groups`,
  ]
}

function keyRemovals(env: ResolvedEnvironment, user: ResolvedUser): string[] {
  const name = env.environment.name
  const key = user.key
  if (key === undefined) return []
  const store = key.store.type === 'ssm' ? 'SSM parameter' : 'Secrets Manager secret'
  const every = key.rotation.everySeconds
  return [
    `${name}: the access key of ${user.name}`,
    `${name}: the ${store} ${key.store.name}${every === null ? '' : `, and its rotation every ${formatDuration(every)}`}`,
  ]
}

/** The user's entry as a role: same name and grants, trust for the service accounts. */
function asRole(
  id: string,
  spec: UserSpec,
  issuer: string,
  serviceAccounts: readonly string[],
  description?: string,
): Record<string, unknown> {
  const own = `\${identities.${id}.key.store.arn}`
  // Reading its own key made sense only while it had one.
  const allow = spec.allow
    ?.map((s) =>
      s.resources === undefined ? s : { ...s, resources: s.resources.filter((r) => r !== own) },
    )
    .filter((s) => s.resources === undefined || s.resources.length > 0)
  const role: Record<string, unknown> = {
    type: 'role',
    ...(spec.name === undefined ? {} : { name: spec.name }),
    ...(spec.path === undefined ? {} : { path: spec.path }),
    ...(description === undefined ? {} : { description }),
    ...(spec.policyName === undefined ? {} : { policyName: spec.policyName }),
    trust: { oidc: { issuer, serviceAccounts: [...serviceAccounts] } },
    ...(allow === undefined || allow.length === 0 ? {} : { allow }),
    ...(spec.deny === undefined ? {} : { deny: spec.deny }),
    ...(spec.managedPolicies === undefined ? {} : { managedPolicies: spec.managedPolicies }),
    ...(spec.permissionsBoundary === undefined
      ? {}
      : { permissionsBoundary: spec.permissionsBoundary }),
    ...(spec.tags === undefined ? {} : { tags: spec.tags }),
    ...(spec.never === undefined ? {} : { never: spec.never }),
  }
  return role
}
