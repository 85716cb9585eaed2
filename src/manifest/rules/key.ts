import { formatDuration } from '../../model/duration.ts'
import type { KeyFormat } from '../../model/resolved.ts'
import { partitionProblem } from '../../model/arn.ts'
import { PARTITION_HINT } from '../../policy/check-statement.ts'
import { identitiesOf, type Rule } from './context.ts'

const DAY = 86_400
const KMS_KEY =
  /^(alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+)$/

/** The access key's store, format and rotation schedule, and the consumers reading it. */
export const checkKeys: Rule = (cx) => {
  for (const { identity, spec, base } of identitiesOf(cx)) {
    if (
      identity.type !== 'user' ||
      spec.type !== 'user' ||
      identity.key === undefined ||
      spec.key === undefined
    )
      continue
    const key = identity.key
    const at = [...base, 'key']
    if (!storesSecret(key.format)) {
      cx.report({
        code: 'key-secret-missing',
        path: spec.key.format === undefined ? at : [...at, 'format'],
        part: spec.key.format === undefined ? 'key' : 'value',
        message: 'This format never stores `${key.secret}`, so the minted key would be lost.',
        hint: 'Add a field such as `AWS_SECRET_ACCESS_KEY: ${key.secret}`.',
      })
    }
    const { everySeconds, drainSeconds, deactivateForSeconds } = key.rotation
    if (everySeconds !== null && everySeconds < drainSeconds + deactivateForSeconds) {
      cx.report({
        code: 'rotation-overlap',
        path: [...at, 'rotation', spec.key.rotation?.every === undefined ? 'drain' : 'every'],
        message: `Rotating every ${formatDuration(everySeconds)} while the old key lives ${formatDuration(drainSeconds)} (drain) + ${formatDuration(deactivateForSeconds)} (inactive) would need a third key, which IAM does not allow.`,
        hint: `Rotate at most every ${formatDuration(drainSeconds + deactivateForSeconds)}, or shorten drain or deactivateFor.`,
      })
    }
    if (key.rotation.canary !== undefined && !key.rotation.verify) {
      cx.report({
        code: 'canary-without-verify',
        path: [...at, 'rotation', 'canary'],
        part: 'key',
        message:
          'A canary is a call made while verifying the new key, and `verify: false` skips that.',
        hint: 'Remove `verify: false`, or the canary.',
      })
    }
    identity.consumers.forEach((consumer, index) => {
      if (consumer.refreshSeconds === 0) {
        cx.report({
          code: 'drain-shorter-than-refresh',
          path: [...base, 'consumers', index, 'kubernetes', 'refresh'],
          message:
            'A refresh of 0 makes External Secrets Operator read the key once and never again, so this consumer would keep a rotated-out key.',
          hint: `Refresh at least every ${formatDuration(drainSeconds)}, the drain period.`,
        })
        return
      }
      if (consumer.refreshSeconds <= drainSeconds) return
      cx.report({
        code: 'drain-shorter-than-refresh',
        path: [
          ...base,
          'consumers',
          index,
          'kubernetes',
          spec.consumers?.[index]?.kubernetes.refresh === undefined ? 'namespace' : 'refresh',
        ],
        message: `This consumer refreshes every ${formatDuration(consumer.refreshSeconds)} but the old key is only kept active ${formatDuration(drainSeconds)} after rotation.`,
        hint: 'Make `rotation.drain` at least the longest consumer refresh interval.',
      })
    })
    const store = key.store
    const storeSpec = spec.key.store
    if (store.type === 'secretsmanager') {
      const days = store.recoveryWindowDays
      if (!Number.isInteger(days) || (days !== 0 && (days < 7 || days > 30))) {
        cx.report({
          code: 'invalid-value',
          path: [...at, 'store', 'recoveryWindow'],
          message: `A recovery window is 0 (delete at once) or 7d to 30d in whole days; got ${formatDuration(days * DAY)}.`,
        })
      }
      store.resourcePolicy?.Statement.forEach((statement) => {
        const readers = statement.Condition?.['ArnNotLike']?.['aws:PrincipalArn'] ?? []
        readers.forEach((reader, index) => {
          const wrong = partitionProblem(reader, cx.env.environment.partition)
          const path = [...at, 'store', 'readers', index]
          if (wrong !== undefined)
            cx.report({ code: 'wrong-partition', path, message: wrong, hint: PARTITION_HINT })
          if (reader.startsWith('arn:')) return
          cx.report({
            code: 'invalid-arn',
            path: [...at, 'store', 'readers', index],
            message: `"${reader}" is not a principal ARN.`,
            hint: 'Use `${identities.NAME.arn}` or an ARN such as `arn:aws:iam::111111111111:role/admins`.',
          })
        })
      })
    }
    if (
      store.kmsKey !== undefined &&
      storeSpec.kmsKey !== undefined &&
      !KMS_KEY.test(store.kmsKey)
    ) {
      cx.report({
        code: 'invalid-format',
        path: [...at, 'store', 'kmsKey'],
        message: `"${store.kmsKey}" is not a KMS key id, alias or ARN.`,
      })
    }
  }
}

function storesSecret(format: KeyFormat): boolean {
  const texts = format.kind === 'json' ? Object.values(format.fields) : [format.template]
  return texts.some((t) => t.includes('${key.secret}'))
}
