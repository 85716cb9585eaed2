import type { ResolvedPolicy } from '../../model/resolved.ts'
import { OWNERSHIP_TAG_COUNT, RESERVED_TAG_PREFIX } from '../../model/tags.ts'
import {
  iamNameProblem,
  iamPathProblem,
  kubernetesNameProblem,
  MAX_TAGS,
  parameterNameProblem,
  secretNameLooksSuffixed,
  secretNameProblem,
  tagKeyProblem,
  tagValueProblem,
} from '../../policy/iam-names.ts'
import { MAX_SESSION_SECONDS } from '../../policy/iam-limits.ts'
import type { Site } from '../resolve/resolver.ts'
import type { Path } from '../yaml-source.ts'
import { identitiesOf, nameSite, statementPath, type Rule, type RuleContext } from './context.ts'

const DESCRIPTION_LIMIT = 1_000

/** AWS naming rules for every name keyward would create, after interpolation. */
export const checkNames: Rule = (cx) => {
  for (const { identity, spec, base } of identitiesOf(cx)) {
    problem(
      cx,
      'invalid-name',
      nameSite(base, spec.name),
      iamNameProblem(identity.type, identity.name),
    )
    problem(cx, 'invalid-path', { path: [...base, 'path'] }, iamPathProblem(identity.path))
    checkPolicy(cx, identity.inlinePolicy, spec, base, spec.policyName === undefined)
    if (spec.type === 'group') continue
    checkTags(cx, spec.tags, identity.type === 'group' ? {} : identity.tags, [...base, 'tags'])
    if (spec.type === 'role') {
      if (identity.type === 'role' && (identity.description?.length ?? 0) > DESCRIPTION_LIMIT) {
        problem(
          cx,
          'invalid-value',
          { path: [...base, 'description'] },
          `A role description may be ${DESCRIPTION_LIMIT} characters at most.`,
        )
      }
      const seconds = spec.maxSessionDuration
      if (
        seconds !== undefined &&
        (seconds < MAX_SESSION_SECONDS.min || seconds > MAX_SESSION_SECONDS.max)
      ) {
        problem(
          cx,
          'invalid-value',
          { path: [...base, 'maxSessionDuration'] },
          'A role’s maximum session is between 1h and 12h.',
        )
      }
      continue
    }
    if (identity.type === 'user' && identity.key !== undefined && spec.key !== undefined) {
      const store = identity.key.store
      const at = { path: [...base, 'key', 'store', 'name'] }
      if (store.type === 'secretsmanager') {
        problem(cx, 'invalid-name', at, secretNameProblem(store.name))
        if (secretNameLooksSuffixed(store.name)) {
          problem(
            cx,
            'secret-name-suffix',
            at,
            `Secret name "${store.name}" ends with a hyphen and six characters, like the suffix AWS adds to secret ARNs; ARN patterns for it may match other secrets.`,
          )
        }
      } else {
        problem(cx, 'invalid-name', at, parameterNameProblem(store.name, store.arn))
      }
      checkTags(cx, spec.key.store.tags, store.tags, [...base, 'key', 'store', 'tags'])
    }
    if (identity.type !== 'user') continue
    identity.consumers.forEach((consumer, index) => {
      const at = [...base, 'consumers', index, 'kubernetes']
      problem(
        cx,
        'invalid-name',
        { path: [...at, 'namespace'] },
        kubernetesNameProblem('namespace', consumer.namespace),
      )
      problem(
        cx,
        'invalid-name',
        { path: [...at, 'secret'] },
        kubernetesNameProblem('object', consumer.secret),
      )
      consumer.restart.forEach((target, i) => {
        problem(
          cx,
          'invalid-name',
          { path: [...at, 'restart', i] },
          kubernetesNameProblem('object', target.name),
        )
      })
    })
  }
  for (const policy of cx.env.policies) {
    const spec = cx.spec.policies?.[policy.id]
    if (spec === undefined) continue
    const base: Path = ['policies', policy.id]
    problem(
      cx,
      'invalid-name',
      nameSite(base, spec.name),
      iamNameProblem('managed policy', policy.name),
    )
    problem(cx, 'invalid-path', { path: [...base, 'path'] }, iamPathProblem(policy.path))
    if ((policy.description?.length ?? 0) > DESCRIPTION_LIMIT) {
      problem(
        cx,
        'invalid-value',
        { path: [...base, 'description'] },
        `A policy description may be ${DESCRIPTION_LIMIT} characters at most.`,
      )
    }
    checkTags(cx, spec.tags, policy.tags, [...base, 'tags'])
    checkPolicy(cx, policy.policy, spec, base, false)
  }
}

function checkPolicy(
  cx: RuleContext,
  policy: ResolvedPolicy | undefined,
  spec: { readonly allow?: readonly unknown[] },
  base: Path,
  defaultName: boolean,
): void {
  if (policy === undefined) return
  if (!defaultName)
    problem(
      cx,
      'invalid-name',
      { path: [...base, 'policyName'] },
      iamNameProblem('inline policy', policy.name),
    )
  const seen = new Set<string>()
  policy.document.Statement.forEach((statement, index) => {
    const sid = statement.Sid
    if (sid === undefined) return
    if (seen.has(sid)) {
      problem(
        cx,
        'duplicate-name',
        { path: [...statementPath(base, spec, index), 'sid'] },
        `Statement id \`${sid}\` is used twice in one policy; IAM requires unique ids.`,
      )
    }
    seen.add(sid)
  })
}

/** Keys as written (keyward's own are reserved); values as interpolated. */
function checkTags(
  cx: RuleContext,
  declared: Readonly<Record<string, string>> | undefined,
  resolved: Readonly<Record<string, string>>,
  path: Path,
): void {
  const keys = Object.keys(declared ?? {})
  for (const key of keys) {
    const reserved = key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)
      ? `Tag keys starting with \`${RESERVED_TAG_PREFIX}\` are keyward’s own ownership records: "${key}".`
      : undefined
    problem(
      cx,
      'invalid-tag',
      { path: [...path, key], part: 'key' },
      reserved ?? tagKeyProblem(key),
    )
    const value = resolved[key]
    if (reserved === undefined && value !== undefined) {
      problem(cx, 'invalid-tag', { path: [...path, key] }, tagValueProblem(key, value))
    }
  }
  if (keys.length + OWNERSHIP_TAG_COUNT > MAX_TAGS) {
    problem(
      cx,
      'invalid-tag',
      { path, part: 'key' },
      `${keys.length} tags plus keyward’s ${OWNERSHIP_TAG_COUNT} exceed the ${MAX_TAGS} AWS allows.`,
    )
  }
}

function problem(
  cx: RuleContext,
  code: Parameters<RuleContext['report']>[0]['code'],
  site: Site,
  message: string | undefined,
): void {
  if (message !== undefined) cx.report({ code, ...site, message })
}
