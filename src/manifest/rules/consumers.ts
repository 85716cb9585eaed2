/**
 * Kubernetes consumers: the names External Secrets Operator will write, the identity it reads the
 * store as, and the fields it projects. Kubernetes would refuse a bad name only at apply time,
 * long after the key was minted; here it is a diagnostic on the line to fix.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
import { didYouMean } from '../../model/suggest.ts'
import { identitiesOf, type Rule } from './context.ts'

/** RFC 1123 label: namespaces. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
/** RFC 1123 subdomain: Secrets and most other object names. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
/** https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/

export const checkConsumers: Rule = (cx) => {
  const readers = cx.env.identities.filter((i) => i.type !== 'group').map((i) => i.id)
  for (const { identity, base } of identitiesOf(cx)) {
    if (identity.type !== 'user') continue
    identity.consumers.forEach((consumer, index) => {
      const at = [...base, 'consumers', index, 'kubernetes']
      if (consumer.namespace.length > 63 || !LABEL.test(consumer.namespace)) {
        cx.report({
          code: 'invalid-format',
          path: [...at, 'namespace'],
          message: `"${consumer.namespace}" is not a Kubernetes namespace name.`,
          hint: 'Use at most 63 lower-case letters, digits and `-`, starting and ending with a letter or digit.',
        })
      }
      if (consumer.secret.length > 253 || !SUBDOMAIN.test(consumer.secret)) {
        cx.report({
          code: 'invalid-format',
          path: [...at, 'secret'],
          message: `"${consumer.secret}" is not a Kubernetes Secret name.`,
          hint: 'Use lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit.',
        })
      }
      for (const target of consumer.restart) {
        if (target.name.length <= 253 && SUBDOMAIN.test(target.name)) continue
        cx.report({
          code: 'invalid-format',
          path: [...at, 'restart', consumer.restart.indexOf(target)],
          message: `"${target.name}" is not a Kubernetes workload name.`,
        })
      }
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
