import { INVALID, type Invalid, type ReadContext } from '../schema/core.ts'
import type { Path } from '../yaml-source.ts'

/**
 * Checks that exactly one of `keys` is present (`actions` or `notActions`). With `optional`,
 * none is fine too.
 */
export function exactlyOne<T extends object>(
  keys: readonly (keyof T & string)[],
  owner: string,
  options: { optional?: boolean } = {},
): (value: T, cx: ReadContext, path: Path) => T | Invalid {
  return (value, cx, path) => {
    const present = keys.filter((k) => value[k] !== undefined)
    const list = keys.map((k) => `\`${k}\``).join(' or ')
    if (present.length > 1) {
      const [first, second] = present
      cx.report({
        code: 'conflicting-keys',
        path: [...path, second ?? ''],
        part: 'key',
        message: `A ${owner} takes ${list}, not both; \`${first ?? ''}\` is already set.`,
      })
      return INVALID
    }
    if (present.length === 0 && options.optional !== true) {
      cx.report({
        code: 'missing-key',
        path,
        part: 'key',
        message: `A ${owner} needs ${list}.`,
      })
      return INVALID
    }
    return value
  }
}
