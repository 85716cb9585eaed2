import type {
  EnvironmentInfo,
  ResolvedEnvironment,
  ResolvedManagedPolicy,
} from '../../model/resolved.ts'
import { ownershipTags } from '../../model/tags.ts'
import type { ManagedPolicySpec } from '../spec/manifest.ts'
import type { Path } from '../yaml-source.ts'
import { mapAll, resolveOptional, resolveRecord, type BuildContext } from './context.ts'
import { buildIdentity } from './identity.ts'
import { buildStatements } from './statements.ts'

/** The whole manifest for one environment; undefined when any part failed to resolve. */
export function buildEnvironment(cx: BuildContext): ResolvedEnvironment | undefined {
  const policies = mapAll(Object.entries(cx.spec.policies ?? {}), ([id, spec]) =>
    buildManagedPolicy(cx, id, spec),
  )
  const identities = mapAll(Object.entries(cx.spec.identities), ([id, spec]) =>
    buildIdentity(cx, id, spec),
  )
  if (policies === undefined || identities === undefined) return undefined
  return { project: cx.spec.project, environment: environmentInfo(cx), policies, identities }
}

/** The account and region, and the role keyward reaches them through, when there is one. */
function environmentInfo(cx: BuildContext): EnvironmentInfo {
  const role = cx.spec.environments[cx.resolver.info.name]?.assumeRole
  if (role === undefined) return cx.resolver.info
  return {
    ...cx.resolver.info,
    assumeRole: {
      arn: role.arn,
      ...(role.externalId === undefined ? {} : { externalId: role.externalId }),
      ...(role.sessionName === undefined ? {} : { sessionName: role.sessionName }),
    },
  }
}

function buildManagedPolicy(
  cx: BuildContext,
  id: string,
  spec: ManagedPolicySpec,
): ResolvedManagedPolicy | undefined {
  const base: Path = ['policies', id]
  const name = cx.resolver.symbol(`policies.${id}.name`, { path: base, part: 'key' })
  const path = cx.resolver.symbol(`policies.${id}.path`, { path: base, part: 'key' })
  const arn = cx.resolver.symbol(`policies.${id}.arn`, { path: base, part: 'key' })
  const description = resolveOptional(cx, spec.description, { path: [...base, 'description'] })
  const tags = resolveRecord(cx, spec.tags, [...base, 'tags'])
  const built = buildStatements(cx, spec.allow, spec.deny, base)
  if (name === undefined || path === undefined || arn === undefined) return undefined
  if (!description.ok || tags === undefined || built === undefined) return undefined
  return {
    id,
    name,
    path,
    arn,
    ...(description.value === undefined ? {} : { description: description.value }),
    tags: {
      ...tags,
      ...ownershipTags({ project: cx.spec.project, environment: cx.resolver.info.name }, id),
    },
    policy: {
      name,
      document: { Version: '2012-10-17', Statement: built.statements },
      statementSources: built.sources,
    },
    source: cx.locate(base),
    adopt: spec.adopt === true,
  }
}
