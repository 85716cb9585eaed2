/**
 * Does a change let an identity do more than before? With the IAM catalog, the answer compares
 * what the identity's own documents allow across the whole catalog, before and after: any action
 * newly allowed, or a resource pattern not covered before. Without it, a new Allow statement or a
 * removed Deny counts — the conservative reading CloudFormation's diff uses.
 */
import { parsePolicy, type Policy } from '../policy/eval/policy.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import { covers } from '../policy/sweep/cover.ts'
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
    const result = sweep(table, { principal, policies: { identity } })
    return new Map(result.allowed.map((a) => [a.action, a.resources]))
  }
  return (change) => {
    const before = allowed(change.before)
    const after = allowed(change.after)
    const added: string[] = [...change.notes]
    for (const [action, resources] of after) {
      const old = before.get(action)
      if (old === undefined) added.push(action)
      else {
        for (const r of resources)
          if (!old.some((o) => covers(o, r))) added.push(`${action} on ${r}`)
      }
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

/**
 * The service prefixes a broadening check must know: every service an Action names (a pattern
 * such as `s3*` stays a pattern), or all of them when a NotAction or `*` is in play. Loading
 * only these keeps a plan fast.
 */
export function servicesNamed(documents: Iterable<unknown>): string[] {
  const services = new Set<string>()
  for (const document of documents) {
    const statements = (document as { Statement?: unknown } | null)?.Statement
    for (const s of Array.isArray(statements) ? statements : [statements]) {
      if (typeof s !== 'object' || s === null) continue
      if ('NotAction' in s) return ['*']
      const actions = (s as { Action?: unknown }).Action
      for (const a of Array.isArray(actions) ? actions : [actions]) {
        if (typeof a !== 'string') continue
        const colon = a.indexOf(':')
        if (colon === -1) return ['*']
        services.add(a.slice(0, colon).toLowerCase())
      }
    }
  }
  return [...services]
}
