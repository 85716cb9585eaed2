/**
 * The resolved model as `keyward resolve` shows it: a versioned JSON document (also printed as
 * YAML) and a terminal view. Every IAM document appears exactly as keyward would send it.
 */
import { formatDuration } from '../model/duration.ts'
import type {
  ResolvedEnvironment,
  ResolvedIdentity,
  ResolvedKey,
  ResolvedManagedPolicy,
} from '../model/resolved.ts'
import { RESERVED_TAG_PREFIX } from '../model/tags.ts'
import { compactJson } from './compact-json.ts'
import { neverScope } from './never-scope.ts'
import type { Style } from './style.ts'

export const RESOLVE_FORMAT = 'keyward.resolve/v1'

export interface ResolveMeta {
  readonly catalogVersion: string
}

/** The JSON document of one environment; field names are part of keyward's public interface. */
export function resolvedToJson(
  env: ResolvedEnvironment,
  meta: ResolveMeta,
): Record<string, unknown> {
  return {
    format: RESOLVE_FORMAT,
    project: env.project,
    environment: env.environment,
    iamData: meta.catalogVersion,
    policies: env.policies.map(policyToJson),
    identities: env.identities.map(identityToJson),
  }
}

function policyToJson(policy: ResolvedManagedPolicy): Record<string, unknown> {
  return {
    id: policy.id,
    name: policy.name,
    path: policy.path,
    arn: policy.arn,
    ...(policy.description === undefined ? {} : { description: policy.description }),
    tags: policy.tags,
    document: policy.policy.document,
    declaredAt: `${policy.source.file}:${policy.source.line}:${policy.source.column}`,
  }
}

function identityToJson(identity: ResolvedIdentity): Record<string, unknown> {
  const base = {
    id: identity.id,
    type: identity.type,
    name: identity.name,
    path: identity.path,
    arn: identity.arn,
  }
  const grants = {
    ...(identity.inlinePolicy === undefined
      ? {}
      : {
          inlinePolicy: {
            name: identity.inlinePolicy.name,
            document: identity.inlinePolicy.document,
          },
        }),
    managedPolicies: identity.managedPolicies.map((p) => p.arn),
  }
  const tail = {
    never: identity.never.map(({ source: _source, ...rest }) => rest),
    declaredAt: `${identity.source.file}:${identity.source.line}:${identity.source.column}`,
    ...(identity.adopt ? { adopt: true } : {}),
  }
  switch (identity.type) {
    case 'group':
      return { ...base, ...grants, ...tail }
    case 'role':
      return {
        ...base,
        ...(identity.description === undefined ? {} : { description: identity.description }),
        tags: identity.tags,
        ...(identity.permissionsBoundary === undefined
          ? {}
          : { permissionsBoundary: identity.permissionsBoundary }),
        maxSessionDuration: formatDuration(identity.maxSessionDurationSeconds),
        trustPolicy: identity.trustPolicy,
        ...grants,
        ...tail,
      }
    case 'user':
      return {
        ...base,
        tags: identity.tags,
        ...(identity.permissionsBoundary === undefined
          ? {}
          : { permissionsBoundary: identity.permissionsBoundary }),
        groups: identity.groups.map((g) => g.name),
        ...grants,
        ...(identity.key === undefined ? {} : { key: keyToJson(identity.key) }),
        consumers: identity.consumers.map((c) => ({
          kubernetes: {
            namespace: c.namespace,
            secret: c.secret,
            refresh: formatDuration(c.refreshSeconds),
            restart: c.restart.map((t) => `${t.kind}/${t.name}`),
          },
        })),
        ...tail,
      }
  }
}

function keyToJson(key: ResolvedKey): Record<string, unknown> {
  const { store, format, rotation } = key
  return {
    store,
    format: format.kind === 'json' ? format.fields : format.template,
    rotation: {
      every: rotation.everySeconds === null ? 'never' : formatDuration(rotation.everySeconds),
      verify: rotation.verify,
      drain: formatDuration(rotation.drainSeconds),
      deactivateFor: formatDuration(rotation.deactivateForSeconds),
    },
  }
}

/** The terminal view: one block per identity, policy documents pretty-printed as IAM JSON. */
export function formatResolved(env: ResolvedEnvironment, meta: ResolveMeta, style: Style): string {
  const { name, account, region, assumeRole } = env.environment
  const via = assumeRole === undefined ? '' : ` · through ${assumeRole.arn}`
  const out: string[] = [
    style.bold(`${env.project} · ${name}`) +
      style.dim(`  account ${account} · ${region}${via} · iam-data ${meta.catalogVersion}`),
    '',
  ]
  for (const policy of env.policies) {
    out.push(`${style.cyan('policy')} ${style.bold(policy.id)}  ${policy.arn}`)
    out.push(...indent(json(policy.policy.document), 4), '')
  }
  for (const identity of env.identities) {
    out.push(`${style.cyan(identity.type)} ${style.bold(identity.id)}  ${identity.arn}`)
    if (identity.type === 'user' && identity.groups.length > 0) {
      out.push(`  groups  ${identity.groups.map((g) => g.name).join(', ')}`)
    }
    if (identity.type !== 'group' && identity.permissionsBoundary !== undefined) {
      out.push(`  permissions boundary  ${identity.permissionsBoundary}`)
    }
    if (identity.type === 'role') {
      if (identity.description !== undefined) out.push(`  ${style.dim(identity.description)}`)
      out.push(`  trust policy (max session ${formatDuration(identity.maxSessionDurationSeconds)})`)
      out.push(...indent(json(identity.trustPolicy), 4))
    }
    if (identity.inlinePolicy !== undefined) {
      out.push(`  inline policy ${style.bold(identity.inlinePolicy.name)}`)
      out.push(...indent(json(identity.inlinePolicy.document), 4))
    }
    for (const policy of identity.managedPolicies) out.push(`  managed policy  ${policy.arn}`)
    if (identity.type === 'user' && identity.key !== undefined) out.push(...formatKey(identity.key))
    if (identity.type === 'user') {
      for (const c of identity.consumers) {
        const restarts =
          c.restart.length === 0
            ? ''
            : `, restarts ${c.restart.map((t) => `${t.kind}/${t.name}`).join(', ')}`
        out.push(
          `  consumer  kubernetes ${c.namespace}/${c.secret}, refresh ${formatDuration(c.refreshSeconds)}${restarts}`,
        )
      }
    }
    for (const never of identity.never) {
      out.push(`  ${style.yellow('never')}  ${never.actions.join(', ')} ${neverScope(never)}`)
    }
    out.push('')
  }
  return out.join('\n')
}

function formatKey(key: ResolvedKey): string[] {
  const { store, rotation } = key
  const every =
    rotation.everySeconds === null
      ? 'on demand only'
      : `every ${formatDuration(rotation.everySeconds)}`
  const lines = [
    `  key  ${store.type} ${store.name}`,
    `       ${store.arn}`,
    `       rotate ${every}${rotation.verify ? ', verified' : ''}, drain ${formatDuration(rotation.drainSeconds)}, inactive ${formatDuration(rotation.deactivateForSeconds)}`,
  ]
  const format =
    key.format.kind === 'json'
      ? Object.entries(key.format.fields).map(([k, v]) => `${k}=${v}`)
      : [key.format.template]
  lines.push(`       holds ${format.join('  ')}`)
  const details = [
    store.type === 'secretsmanager'
      ? store.recoveryWindowDays === 0
        ? 'deleted at once (no recovery window)'
        : `recoverable ${store.recoveryWindowDays} days after deletion`
      : `${store.tier} tier`,
    ...(store.kmsKey === undefined ? [] : [`encrypted with ${store.kmsKey}`]),
  ]
  lines.push(`       ${details.join(', ')}`)
  const tags = Object.entries(store.tags).filter(([k]) => !k.startsWith(RESERVED_TAG_PREFIX))
  if (tags.length > 0) lines.push(`       tags ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`)
  if (store.type === 'secretsmanager' && store.resourcePolicy !== undefined) {
    lines.push('       resource policy', ...indent(json(store.resourcePolicy), 8))
  }
  return lines
}

function json(value: unknown): string[] {
  return compactJson(value, 92).split('\n')
}

function indent(lines: readonly string[], by: number): string[] {
  const pad = ' '.repeat(by)
  return lines.map((line) => pad + line)
}
