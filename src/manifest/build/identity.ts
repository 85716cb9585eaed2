import type {
  ManagedPolicyRef,
  NeverAssertion,
  ResolvedIdentity,
  ResolvedPolicy,
} from '../../model/resolved.ts'
import { didYouMean } from '../../model/suggest.ts'
import { ownershipTags } from '../../model/tags.ts'
import type { IdentitySpec, UserSpec } from '../spec/identities.ts'
import type { NeverSpec, StatementSpec } from '../spec/statements.ts'
import type { Path } from '../yaml-source.ts'
import { mapAll, resolveAll, resolveOptional, resolveRecord, type BuildContext } from './context.ts'
import { buildConsumers, buildKey } from './key.ts'
import { buildConditions, buildStatements } from './statements.ts'
import { buildTrust } from './trust.ts'

export const DEFAULT_POLICY_NAME = 'keyward'
const ONE_HOUR = 3_600

/** One identity as keyward would create it in this environment; undefined if anything failed. */
export function buildIdentity(
  cx: BuildContext,
  id: string,
  spec: IdentitySpec,
): ResolvedIdentity | undefined {
  const base: Path = ['identities', id]
  const r = cx.resolver
  const name = r.symbol(`identities.${id}.name`, { path: base, part: 'key' })
  const path = r.symbol(`identities.${id}.path`, { path: base, part: 'key' })
  const arn = r.symbol(`identities.${id}.arn`, { path: base, part: 'key' })
  const inlinePolicy = buildInline(cx, spec, base)
  const managedPolicies = policyRefs(cx, spec.managedPolicies ?? [], [...base, 'managedPolicies'])
  const never = buildNever(cx, spec.never ?? [], [...base, 'never'])
  if (
    name === undefined ||
    path === undefined ||
    arn === undefined ||
    inlinePolicy === null ||
    managedPolicies === undefined ||
    never === undefined
  ) {
    return undefined
  }
  const head = { id, name, path, arn }
  const grants = { ...(inlinePolicy === undefined ? {} : { inlinePolicy }), managedPolicies }
  const tail = { never, source: cx.locate(base), adopt: spec.adopt === true }
  if (spec.type === 'group') return { type: 'group', ...head, ...grants, ...tail }

  const tags = resolveRecord(cx, spec.tags, [...base, 'tags'])
  const boundary = boundaryOf(cx, spec.permissionsBoundary, [...base, 'permissionsBoundary'])
  if (tags === undefined || boundary === null) return undefined
  const owned = {
    tags: {
      ...tags,
      ...ownershipTags({ project: cx.spec.project, environment: cx.resolver.info.name }, id),
    },
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
  }
  if (spec.type === 'role') {
    const trust = buildTrust(cx, spec.trust, [...base, 'trust'])
    const description = resolveOptional(cx, spec.description, { path: [...base, 'description'] })
    if (trust === undefined || !description.ok) return undefined
    return {
      type: 'role',
      ...head,
      ...(description.value === undefined ? {} : { description: description.value }),
      ...owned,
      maxSessionDurationSeconds: spec.maxSessionDuration ?? ONE_HOUR,
      trustPolicy: trust.document,
      trustSources: trust.sources,
      ...(trust.oidc === undefined ? {} : { oidc: trust.oidc }),
      ...grants,
      ...tail,
    }
  }
  const user = buildUserParts(cx, id, spec, base)
  if (user === undefined) return undefined
  return { type: 'user', ...head, ...owned, groups: user.groups, ...grants, ...user.rest, ...tail }
}

function buildUserParts(cx: BuildContext, id: string, spec: UserSpec, base: Path) {
  const groups = groupRefs(cx, spec.groups ?? [], [...base, 'groups'])
  const key = spec.key === undefined ? undefined : buildKey(cx, id, spec.key, [...base, 'key'])
  const consumers = buildConsumers(cx, spec.consumers, [...base, 'consumers'])
  if (
    groups === undefined ||
    (spec.key !== undefined && key === undefined) ||
    consumers === undefined
  ) {
    return undefined
  }
  return { groups, rest: { ...(key === undefined ? {} : { key }), consumers } }
}

/** The inline policy, undefined when there is none, null when building it failed. */
function buildInline(
  cx: BuildContext,
  spec: {
    allow?: readonly StatementSpec[]
    deny?: readonly StatementSpec[]
    policyName?: string
  },
  base: Path,
): ResolvedPolicy | undefined | null {
  if ((spec.allow?.length ?? 0) + (spec.deny?.length ?? 0) === 0) return undefined
  const built = buildStatements(cx, spec.allow, spec.deny, base)
  const name = cx.resolver.template(spec.policyName ?? DEFAULT_POLICY_NAME, {
    path: [...base, 'policyName'],
  })
  if (built === undefined || name === undefined) return null
  return {
    name,
    document: { Version: '2012-10-17', Statement: built.statements },
    statementSources: built.sources,
  }
}

/** Managed policies named by ARN, or by the logical id of one declared under `policies`. */
function policyRefs(
  cx: BuildContext,
  refs: readonly string[],
  path: Path,
): ManagedPolicyRef[] | undefined {
  return mapAll(refs, (ref, index) => policyRef(cx, ref, [...path, index]))
}

function policyRef(cx: BuildContext, ref: string, path: Path): ManagedPolicyRef | undefined {
  if (ref.startsWith('arn:') || ref.includes('${')) {
    const arn = cx.resolver.template(ref, { path })
    return arn === undefined ? undefined : { arn }
  }
  const policies = cx.spec.policies ?? {}
  if (!Object.hasOwn(policies, ref)) {
    const hint = didYouMean(ref, Object.keys(policies))
    cx.report({
      code: 'unknown-reference',
      path,
      message: `\`${ref}\` is neither a policy ARN nor a policy declared under \`policies\`.`,
      hint:
        hint ??
        'Give a managed policy ARN (`arn:aws:iam::aws:policy/…`) or declare it under `policies`.',
    })
    return undefined
  }
  const arn = cx.resolver.symbol(`policies.${ref}.arn`, { path })
  return arn === undefined ? undefined : { arn, id: ref }
}

/** The boundary's ARN, undefined when there is none, null when it could not be resolved. */
function boundaryOf(
  cx: BuildContext,
  ref: string | undefined,
  path: Path,
): string | undefined | null {
  if (ref === undefined) return undefined
  return policyRef(cx, ref, path)?.arn ?? null
}

function groupRefs(
  cx: BuildContext,
  ids: readonly string[],
  path: Path,
): { id: string; name: string }[] | undefined {
  return mapAll(ids, (id, index) => {
    const target = Object.hasOwn(cx.spec.identities, id) ? cx.spec.identities[id] : undefined
    if (target?.type !== 'group') {
      const groups = Object.entries(cx.spec.identities).filter(([, s]) => s.type === 'group')
      const hint = didYouMean(
        id,
        groups.map(([g]) => g),
      )
      cx.report({
        code: 'unknown-reference',
        path: [...path, index],
        message:
          target === undefined
            ? `Group \`${id}\` is not declared.`
            : `\`${id}\` is a ${target.type}, not a group.`,
        hint: hint ?? 'List logical ids of identities with `type: group`.',
      })
      return undefined
    }
    const name = cx.resolver.symbol(`identities.${id}.name`, { path: [...path, index] })
    return name === undefined ? undefined : { id, name }
  })
}

function buildNever(
  cx: BuildContext,
  specs: readonly NeverSpec[],
  path: Path,
): NeverAssertion[] | undefined {
  return mapAll(specs, (spec, index): NeverAssertion | undefined => {
    const at = [...path, index]
    const actions = resolveAll(cx, spec.actions, [...at, 'actions'])
    const resources = resolveAll(cx, spec.resources ?? ['*'], [...at, 'resources'], {
      policyVariables: true,
    })
    const notResources =
      spec.notResources === undefined
        ? []
        : resolveAll(cx, spec.notResources, [...at, 'notResources'], { policyVariables: true })
    const conditions =
      spec.conditions === undefined
        ? undefined
        : buildConditions(cx, spec.conditions, [...at, 'conditions'])
    if (actions === undefined || resources === undefined || notResources === undefined)
      return undefined
    if (spec.conditions !== undefined && conditions === undefined) return undefined
    return {
      actions,
      resources,
      ...(spec.notResources === undefined ? {} : { notResources }),
      ...(conditions === undefined ? {} : { conditions }),
      source: cx.locate(at),
    }
  })
}
