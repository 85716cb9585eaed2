/**
 * What one sweep allows that another does not, as (action, resource pattern) pairs: the answer
 * to "does this change let the identity do more?" that `plan`'s broadened-permissions section
 * and `keyward diff` both give. Containment is judged by pattern cover (cover.ts), which errs
 * toward reporting: a pair is new unless an old pattern covers it entirely.
 */
import { covers } from './cover.ts'
import type { AllowedAction } from './sweep.ts'

export interface AccessPair {
  readonly action: string
  readonly resource: string
  /** The action was not allowed at all before, on any resource. */
  readonly whole: boolean
}

export function newlyAllowed(
  before: readonly AllowedAction[],
  after: readonly AllowedAction[],
): AccessPair[] {
  const old = new Map(before.map((a) => [a.action, a.resources]))
  const pairs: AccessPair[] = []
  for (const a of after) {
    const was = old.get(a.action)
    for (const resource of a.resources) {
      if (was !== undefined && was.some((o) => covers(o, resource))) continue
      pairs.push({ action: a.action, resource, whole: was === undefined })
    }
  }
  return pairs
}
