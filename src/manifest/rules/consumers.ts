/**
 * Kubernetes consumers: the identity External Secrets Operator reads the store as, and the fields
 * it projects (their names are checked with the others, in names.ts). A wrong field would only
 * show as an empty Secret key in the cluster; here it is a diagnostic on the line to fix.
 */
import { didYouMean } from '../../model/suggest.ts'
import { identitiesOf, type Rule } from './context.ts'

/** https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/

export const checkConsumers: Rule = (cx) => {
  const readers = cx.env.identities.filter((i) => i.type !== 'group').map((i) => i.id)
  for (const { identity, base } of identitiesOf(cx)) {
    if (identity.type !== 'user') continue
    identity.consumers.forEach((consumer, index) => {
      const at = [...base, 'consumers', index, 'kubernetes']
      if (consumer.reader !== undefined && !readers.includes(consumer.reader)) {
        const group = cx.env.identities.some((i) => i.id === consumer.reader)
        const hint = group ? undefined : didYouMean(consumer.reader, readers)
        cx.report({
          code: 'unknown-reference',
          path: [...at, 'reader'],
          message: group
            ? `"${consumer.reader}" is a group; a reader must be a user or a role.`
            : `No user or role "${consumer.reader}" in this manifest.`,
          ...(hint === undefined ? {} : { hint }),
        })
      }
      const format = identity.key?.format
      if (consumer.keys === undefined || format === undefined) return
      if (format.kind === 'text') {
        cx.report({
          code: 'invalid-value',
          path: [...at, 'keys'],
          part: 'key',
          message: 'This key’s format is one string, so it has no fields to map.',
          hint: 'Remove `keys`: the Secret then holds the value under the key `value`.',
        })
        return
      }
      const fields = Object.keys(format.fields)
      for (const [secretKey, field] of Object.entries(consumer.keys)) {
        if (!SECRET_KEY.test(secretKey)) {
          cx.report({
            code: 'invalid-format',
            path: [...at, 'keys', secretKey],
            part: 'key',
            message: `"${secretKey}" is not a valid Secret key.`,
            hint: 'Use letters, digits, `-`, `_` and `.`.',
          })
        }
        if (fields.includes(field)) continue
        cx.report({
          code: 'invalid-value',
          path: [...at, 'keys', secretKey],
          message: `The key’s format has no field "${field}".`,
          hint: didYouMean(field, fields) ?? `Its fields are ${fields.join(', ')}.`,
        })
      }
    })
  }
}
