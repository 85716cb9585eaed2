/**
 * A plan: what apply would change, resource by resource, with the exact AWS steps. Plain data —
 * `-o json` prints it, `-out` saves it, and `apply plan.json` runs it after checking the account
 * has not changed since.
 */
import type { PlanScope } from './scope.ts'
import type { Step } from './steps.ts'

export const PLAN_FORMAT = 'keyward.plan/v1'

export type OpKind = 'create' | 'update' | 'rename' | 'adopt' | 'delete' | 'mint' | 'no-op'
export type ResourceKind =
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'oidc-provider'
  | 'secret'
  | 'parameter'
  | 'access-key'
  | 'registry'

export interface PropertyDiff {
  readonly property: string
  readonly before?: unknown
  readonly after?: unknown
}

/** What a change lets the identity do that it could not before. */
export interface Broadening {
  readonly added: readonly string[]
  /** More entries than `added` lists. */
  readonly more: number
}

export interface Op {
  readonly op: OpKind
  readonly kind: ResourceKind
  /** The logical id (for the registry, the project). */
  readonly id: string
  readonly name: string
  readonly previousName?: string
  readonly diffs: readonly PropertyDiff[]
  readonly steps: readonly Step[]
  readonly broadens?: Broadening
  /** Why this op will not run as planned, e.g. a delete without --allow-delete. */
  readonly blocked?: string
  readonly note?: string
}

/** Something the plan cannot resolve on its own: apply refuses until it is fixed. */
export interface Conflict {
  readonly kind: ResourceKind
  readonly id: string
  readonly name: string
  readonly message: string
  readonly hint: string
}

export interface Plan {
  readonly format: typeof PLAN_FORMAT
  /** Project, environment, account and region, and what part of the account was read. */
  readonly scope: PlanScope
  readonly manifest: { readonly file: string; readonly hash: string }
  /** A digest of the account state the plan was made from; apply refuses if it changed. */
  readonly state: string
  readonly createdAt: string
  readonly ops: readonly Op[]
  readonly conflicts: readonly Conflict[]
  readonly summary: Readonly<Record<OpKind, number>>
}

/** Counts per kind of op; keyward's own registry is bookkeeping, not counted. */
export function summarize(ops: readonly Op[]): Record<OpKind, number> {
  const summary: Record<OpKind, number> = {
    create: 0,
    update: 0,
    rename: 0,
    adopt: 0,
    delete: 0,
    mint: 0,
    'no-op': 0,
  }
  for (const op of ops) if (op.kind !== 'registry') summary[op.op]++
  return summary
}

/** Whether applying would change anything. */
export function hasChanges(plan: Plan): boolean {
  return plan.ops.some((op) => op.op !== 'no-op' && op.blocked === undefined && op.steps.length > 0)
}
