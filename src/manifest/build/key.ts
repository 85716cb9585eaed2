import { parseDuration } from '../../model/duration.ts'
import type { PolicyDocument } from '../../model/policy-document.ts'
import type {
  KeyFormat,
  KubernetesConsumer,
  ResolvedKey,
  ResolvedStore,
  RestartTarget,
  RotationPolicy,
} from '../../model/resolved.ts'
import { ownershipTags } from '../../model/tags.ts'
import type { ConsumerSpec, KeySpec } from '../spec/key.ts'
import type { Path } from '../yaml-source.ts'
import { mapAll, resolveAll, resolveOptional, resolveRecord, type BuildContext } from './context.ts'

const DAY = 86_400

/** The defaults a rotation policy starts from; see docs/manifest.md. */
export const DEFAULT_ROTATION: RotationPolicy = {
  everySeconds: 90 * DAY,
  verify: true,
  drainSeconds: DAY,
  deactivateForSeconds: 7 * DAY,
}

/** Both stores default to the two fields every AWS SDK reads from the environment. */
export const DEFAULT_FORMAT: KeyFormat = {
  kind: 'json',
  fields: { AWS_ACCESS_KEY_ID: '${key.id}', AWS_SECRET_ACCESS_KEY: '${key.secret}' },
}

export const DEFAULT_REFRESH_SECONDS = parseDuration('1h') ?? 3_600
const DEFAULT_RECOVERY_DAYS = 30
const KEY_FORMAT = { keyPlaceholders: true } as const

export function buildKey(
  cx: BuildContext,
  id: string,
  key: KeySpec,
  path: Path,
): ResolvedKey | undefined {
  const store = buildStore(cx, id, key.store, [...path, 'store'])
  const format = buildFormat(cx, key.format, [...path, 'format'])
  const rotation = key.rotation ?? {}
  const canaryAt = [...path, 'rotation', 'canary', 'resource']
  const canary = resolveOptional(cx, rotation.canary?.resource, { path: canaryAt })
  if (store === undefined || format === undefined || !canary.ok) return undefined
  return {
    store,
    format,
    rotation: {
      everySeconds: rotation.every === undefined ? DEFAULT_ROTATION.everySeconds : rotation.every,
      verify: rotation.verify ?? DEFAULT_ROTATION.verify,
      drainSeconds: rotation.drain ?? DEFAULT_ROTATION.drainSeconds,
      deactivateForSeconds: rotation.deactivateFor ?? DEFAULT_ROTATION.deactivateForSeconds,
      ...(rotation.canary === undefined || canary.value === undefined
        ? {}
        : { canary: { action: rotation.canary.action, resource: canary.value } }),
    },
  }
}

function buildFormat(
  cx: BuildContext,
  format: KeySpec['format'],
  path: Path,
): KeyFormat | undefined {
  if (format === undefined) return DEFAULT_FORMAT
  if (typeof format === 'string') {
    const template = cx.resolver.template(format, { path }, KEY_FORMAT)
    return template === undefined ? undefined : { kind: 'text', template }
  }
  const fields = resolveRecord(cx, format, path, KEY_FORMAT)
  return fields === undefined ? undefined : { kind: 'json', fields }
}

function buildStore(
  cx: BuildContext,
  id: string,
  store: KeySpec['store'],
  path: Path,
): ResolvedStore | undefined {
  const name = cx.resolver.symbol(`identities.${id}.key.store.name`, { path: [...path, 'name'] })
  const arn = cx.resolver.symbol(`identities.${id}.key.store.arn`, { path: [...path, 'name'] })
  const kmsKey = resolveOptional(cx, store.kmsKey, { path: [...path, 'kmsKey'] })
  const description = resolveOptional(cx, store.description, { path: [...path, 'description'] })
  const tags = resolveRecord(cx, store.tags, [...path, 'tags'])
  if (
    name === undefined ||
    arn === undefined ||
    !kmsKey.ok ||
    !description.ok ||
    tags === undefined
  ) {
    return undefined
  }
  const common = {
    name,
    arn,
    ...(kmsKey.value === undefined ? {} : { kmsKey: kmsKey.value }),
    ...(description.value === undefined ? {} : { description: description.value }),
    tags: {
      ...tags,
      ...ownershipTags({ project: cx.spec.project, environment: cx.resolver.info.name }, id),
    },
  }
  if (store.type === 'ssm') return { type: 'ssm', ...common, tier: store.tier ?? 'Standard' }
  const readers =
    store.readers === undefined ? undefined : resolveAll(cx, store.readers, [...path, 'readers'])
  if (store.readers !== undefined && readers === undefined) return undefined
  return {
    type: 'secretsmanager',
    ...common,
    recoveryWindowDays:
      store.recoveryWindow === undefined ? DEFAULT_RECOVERY_DAYS : store.recoveryWindow / DAY,
    ...(readers === undefined ? {} : { resourcePolicy: readersOnly(readers) }),
  }
}

/**
 * A secret resource policy that denies reading the value to every principal but the readers.
 * A deny, not an allow: readers still need their own grant, so nothing is widened by it.
 */
export function readersOnly(readers: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyDeclaredReaders',
        Effect: 'Deny',
        Principal: '*',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: ['*'],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...readers] } },
      },
    ],
  }
}

const RESTART = /^(deployment|statefulset|daemonset)\/(.+)$/

export function buildConsumers(
  cx: BuildContext,
  consumers: readonly ConsumerSpec[] | undefined,
  path: Path,
): KubernetesConsumer[] | undefined {
  return mapAll(consumers ?? [], (consumer, index): KubernetesConsumer | undefined => {
    const base = [...path, index, 'kubernetes']
    const k8s = consumer.kubernetes
    const namespace = cx.resolver.template(k8s.namespace, { path: [...base, 'namespace'] })
    const secret = cx.resolver.template(k8s.secret, { path: [...base, 'secret'] })
    const restart = resolveAll(cx, k8s.restart ?? [], [...base, 'restart'])
    const targets =
      restart && mapAll(restart, (text, i) => restartTarget(cx, text, [...base, 'restart', i]))
    const keys = k8s.keys === undefined ? undefined : resolveRecord(cx, k8s.keys, [...base, 'keys'])
    if (
      namespace === undefined ||
      secret === undefined ||
      targets === undefined ||
      (k8s.keys !== undefined && keys === undefined)
    )
      return undefined
    return {
      kind: 'kubernetes',
      namespace,
      secret,
      refreshSeconds: k8s.refresh ?? DEFAULT_REFRESH_SECONDS,
      restart: targets,
      ...(k8s.reader === undefined ? {} : { reader: k8s.reader }),
      ...(keys === undefined ? {} : { keys }),
      source: cx.locate(base),
    }
  })
}

function restartTarget(cx: BuildContext, text: string, path: Path): RestartTarget | undefined {
  const match = RESTART.exec(text)
  const [, kind, name] = match ?? []
  if (kind === undefined || name === undefined) {
    cx.report({
      code: 'invalid-format',
      path,
      message: `"${text}" is not a restart target.`,
      hint: 'Write `deployment/NAME`, `statefulset/NAME` or `daemonset/NAME`.',
    })
    return undefined
  }
  return { kind: kind as RestartTarget['kind'], name }
}
