/**
 * Trust policies from the manifest's `trust` block. OIDC trust always pins the audience and, when
 * subjects are given, the subject — the two conditions whose absence lets any workload of an
 * issuer assume the role. https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
import { issuerHost, oidcProviderArn } from '../../model/arn.ts'
import { DEFAULT_AUDIENCE } from '../../model/oidc-providers.ts'
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.ts'
import type { RoleOidcTrust, SourceLocation } from '../../model/resolved.ts'
import type { RoleSpec } from '../spec/identities.ts'
import type { Path } from '../yaml-source.ts'
import { mapAll, resolveAll, type BuildContext } from './context.ts'
import { buildConditions } from './statements.ts'

/** https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html */
const POD_IDENTITY = 'pods.eks.amazonaws.com'
const ACCOUNT_ONLY = /^\d{12}$/

type TrustSpec = RoleSpec['trust']

/** The trust policy, and the OIDC issuer it names (whose IAM provider plan/apply manage). */
export interface BuiltTrust {
  readonly document: PolicyDocument
  /** Where each statement's entry (`oidc`, `aws`, `services`) was written, statement by statement. */
  readonly sources: readonly SourceLocation[]
  readonly oidc?: RoleOidcTrust
}

export function buildTrust(cx: BuildContext, trust: TrustSpec, path: Path): BuiltTrust | undefined {
  const extra =
    trust.conditions === undefined
      ? undefined
      : buildConditions(cx, trust.conditions, [...path, 'conditions'])
  const condition = extra === undefined ? {} : { Condition: extra }
  const { partition } = cx.resolver.info
  const { oidc, aws, services } = trust
  // One statement per entry present, each remembering the entry it came from.
  const builders: {
    entry: 'oidc' | 'aws' | 'services'
    build: () => PolicyStatement | undefined
  }[] = []
  let provider: RoleOidcTrust | undefined
  if (oidc !== undefined) {
    builders.push({
      entry: 'oidc',
      build: () => {
        const built = buildOidc(cx, oidc, [...path, 'oidc'])
        provider = built?.provider
        return built?.statement
      },
    })
  }
  if (aws !== undefined) {
    builders.push({
      entry: 'aws',
      build: () => {
        const principals = resolveAll(cx, aws, [...path, 'aws'])
        const AWS = principals?.map((p) =>
          ACCOUNT_ONLY.test(p) ? `arn:${partition}:iam::${p}:root` : p,
        )
        return (
          AWS && { Effect: 'Allow', Principal: { AWS }, Action: ['sts:AssumeRole'], ...condition }
        )
      },
    })
  }
  if (services !== undefined) {
    builders.push({
      entry: 'services',
      build: () => {
        const Service = resolveAll(cx, services, [...path, 'services'])
        // EKS Pod Identity sessions carry tags, so its agent must be trusted to tag them too.
        const tags = Service?.includes(POD_IDENTITY) === true ? ['sts:TagSession'] : []
        const Action = ['sts:AssumeRole', ...tags]
        return Service && { Effect: 'Allow', Principal: { Service }, Action, ...condition }
      },
    })
  }
  const statements = mapAll(builders, ({ build }) => build())
  if (statements === undefined) return undefined
  if (trust.conditions !== undefined && extra === undefined) return undefined
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements }
  const sources = builders.map(({ entry }) => cx.locate([...path, entry]))
  return { document, sources, ...(provider === undefined ? {} : { oidc: provider }) }
}

function buildOidc(
  cx: BuildContext,
  oidc: NonNullable<TrustSpec['oidc']>,
  path: Path,
): { readonly statement: PolicyStatement; readonly provider: RoleOidcTrust } | undefined {
  const issuer = cx.resolver.template(oidc.issuer, { path: [...path, 'issuer'] })
  const audience = cx.resolver.template(oidc.audience ?? DEFAULT_AUDIENCE, {
    path: [...path, 'audience'],
  })
  const subjects = subjectsOf(cx, oidc, path)
  const thumbprints =
    oidc.thumbprints === undefined ? [] : resolveAll(cx, oidc.thumbprints, [...path, 'thumbprints'])
  if (
    issuer === undefined ||
    audience === undefined ||
    subjects === undefined ||
    thumbprints === undefined
  )
    return undefined
  const host = issuerHost(issuer)
  const { partition, account } = cx.resolver.info
  const arn = oidcProviderArn(partition, account, issuer)
  const pattern = subjects.some((s) => s.includes('*') || s.includes('?'))
  const equals: Record<string, string[]> = { [`${host}:aud`]: [audience] }
  const like: Record<string, string[]> = {}
  if (subjects.length > 0) (pattern ? like : equals)[`${host}:sub`] = subjects
  return {
    statement: {
      Effect: 'Allow',
      Principal: { Federated: [arn] },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: { StringEquals: equals, ...(pattern ? { StringLike: like } : {}) },
    },
    provider: {
      issuer: `https://${host}`,
      arn,
      audience,
      ...(oidc.thumbprints === undefined ? {} : { thumbprints }),
      source: cx.locate(path),
    },
  }
}

/** `namespace/name` → `system:serviceaccount:namespace:name`, the subject EKS tokens carry. */
function subjectsOf(
  cx: BuildContext,
  oidc: NonNullable<TrustSpec['oidc']>,
  path: Path,
): string[] | undefined {
  if (oidc.subjects !== undefined) return resolveAll(cx, oidc.subjects, [...path, 'subjects'])
  if (oidc.serviceAccounts === undefined) return []
  const accounts = resolveAll(cx, oidc.serviceAccounts, [...path, 'serviceAccounts'])
  if (accounts === undefined) return undefined
  return mapAll(accounts, (account, index) => {
    const parts = account.split('/')
    const [namespace, name] = parts
    if (parts.length === 2 && namespace && name) return `system:serviceaccount:${namespace}:${name}`
    cx.report({
      code: 'invalid-format',
      path: [...path, 'serviceAccounts', index],
      message: `"${account}" is not \`namespace/name\`.`,
      hint: 'Write each service account as its namespace and name, e.g. `cert-manager/cert-manager`.',
    })
    return undefined
  })
}
