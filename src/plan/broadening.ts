/**
 * Does a change let an identity do more than before? With the IAM catalog, the answer compares
 * what the identity's own documents allow across the whole catalog, before and after: any action
 * newly allowed, or a resource pattern not covered before. Without it, a new Allow statement or a
 * removed Deny counts — the conservative reading CloudFormation's diff uses.
 */
import { parsePolicy, type Policy } from '../policy/eval/policy.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import { newlyAllowed } from '../policy/sweep/sweep-diff.ts'
import { sweep } from '../policy/sweep/sweep.ts'
import type { Broadening } from './plan.ts'

const LISTED = 12

export interface PermissionChange {
  readonly before: readonly unknown[]
  readonly after: readonly unknown[]
  /**
   * Grants keyward cannot weigh from documents, already phrased: an AWS managed policy attached
   * (`attaches arn:…`), a group joined, a boundary loosened. Each counts as broadening.
   */
  readonly notes: readonly string[]
}

export type PermissionDiffer = (change: PermissionChange) => Broadening | undefined

export function sweepDiffer(table: ActionTable, account: string): PermissionDiffer {
  const principal = `arn:aws:iam::${account}:user/keyward-plan`
  const allowed = (documents: readonly unknown[]) => {
    const identity = documents.flatMap((d, i) => parsed(d, `p${i}`))
    return sweep(table, { principal, policies: { identity } }).allowed
  }
  return (change) => {
    const pairs = newlyAllowed(allowed(change.before), allowed(change.after))
    const added: string[] = [...change.notes]
    for (const p of pairs) {
      const text = p.whole ? p.action : `${p.action} on ${p.resource}`
      if (added.at(-1) !== text) added.push(text)
    }
    return summarize(added)
  }
}

export const syntacticDiffer: PermissionDiffer = (change) => {
  const statements = (docs: readonly unknown[]) =>
    new Set(
      docs.flatMap((d) =>
        (parsed(d, 'p')[0]?.statements ?? []).map((s) => JSON.stringify({ ...s, index: 0 })),
      ),
    )
  const before = statements(change.before)
  const after = statements(change.after)
  const added: string[] = [...change.notes]
  for (const s of after)
    if (!before.has(s) && s.includes('"effect":"Allow"')) added.push(`new statement ${s}`)
  for (const s of before)
    if (!after.has(s) && s.includes('"effect":"Deny"')) added.push(`removed deny ${s}`)
  return summarize(added)
}

function parsed(document: unknown, name: string): Policy[] {
  const result = parsePolicy(document, name, 'identity')
  return result.kind === 'ok' ? [result.policy] : []
}

function summarize(added: readonly string[]): Broadening | undefined {
  if (added.length === 0) return undefined
  return { added: added.slice(0, LISTED), more: Math.max(0, added.length - LISTED) }
}
