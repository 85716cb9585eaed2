/**
 * Trust policies from the manifest's `trust` block. OIDC trust always pins the audience and, when
 * subjects are given, the subject — the two conditions whose absence lets any workload of an
 * issuer assume the role. https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
import { issuerHost, oidcProviderArn } from '../../model/arn.ts'
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.ts'
import type { RoleSpec } from '../spec/identities.ts'
import type { Path } from '../yaml-source.ts'
import { mapAll, resolveAll, type BuildContext } from './context.ts'
import { buildConditions } from './statements.ts'

export const DEFAULT_AUDIENCE = 'sts.amazonaws.com'
/** https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html */
const POD_IDENTITY = 'pods.eks.amazonaws.com'
const ACCOUNT_ONLY = /^\d{12}$/

type TrustSpec = RoleSpec['trust']

export function buildTrust(
  cx: BuildContext,
  trust: TrustSpec,
  path: Path,
): PolicyDocument | undefined {
  const extra =
    trust.conditions === undefined
      ? undefined
      : buildConditions(cx, trust.conditions, [...path, 'conditions'])
  const condition = extra === undefined ? {} : { Condition: extra }
  const { partition } = cx.resolver.info
  const { oidc, aws, services } = trust
  const builders: (() => PolicyStatement | undefined)[] = []
  if (oidc !== undefined) builders.push(() => buildOidc(cx, oidc, [...path, 'oidc']))
  if (aws !== undefined) {
    builders.push(() => {
      const principals = resolveAll(cx, aws, [...path, 'aws'])
      const AWS = principals?.map((p) =>
        ACCOUNT_ONLY.test(p) ? `arn:${partition}:iam::${p}:root` : p,
      )
      return (
        AWS && { Effect: 'Allow', Principal: { AWS }, Action: ['sts:AssumeRole'], ...condition }
      )
    })
  }
  if (services !== undefined) {
    builders.push(() => {
      const Service = resolveAll(cx, services, [...path, 'services'])
      // EKS Pod Identity sessions carry tags, so its agent must be trusted to tag them too.
      const tags = Service?.includes(POD_IDENTITY) === true ? ['sts:TagSession'] : []
      const Action = ['sts:AssumeRole', ...tags]
      return Service && { Effect: 'Allow', Principal: { Service }, Action, ...condition }
    })
  }
  const statements = mapAll(builders, (build) => build())
  if (statements === undefined) return undefined
  if (trust.conditions !== undefined && extra === undefined) return undefined
  return { Version: '2012-10-17', Statement: statements }
}

function buildOidc(
  cx: BuildContext,
  oidc: NonNullable<TrustSpec['oidc']>,
  path: Path,
): PolicyStatement | undefined {
  const issuer = cx.resolver.template(oidc.issuer, { path: [...path, 'issuer'] })
  const audience = cx.resolver.template(oidc.audience ?? DEFAULT_AUDIENCE, {
    path: [...path, 'audience'],
  })
  const subjects = subjectsOf(cx, oidc, path)
  if (issuer === undefined || audience === undefined || subjects === undefined) return undefined
  const host = issuerHost(issuer)
  const { partition, account } = cx.resolver.info
  const pattern = subjects.some((s) => s.includes('*') || s.includes('?'))
  const equals: Record<string, string[]> = { [`${host}:aud`]: [audience] }
  const like: Record<string, string[]> = {}
  if (subjects.length > 0) (pattern ? like : equals)[`${host}:sub`] = subjects
  return {
    Effect: 'Allow',
    Principal: { Federated: [oidcProviderArn(partition, account, issuer)] },
    Action: ['sts:AssumeRoleWithWebIdentity'],
    Condition: { StringEquals: equals, ...(pattern ? { StringLike: like } : {}) },
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
