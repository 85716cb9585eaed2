/**
 * What applying a plan reports as it goes: the vocabulary apply/ emits and report/ renders.
 */
import type { OpKind, ResourceKind } from './plan.ts'
import type { StepKind } from './steps.ts'

export interface OpRef {
  readonly index: number
  readonly op: OpKind
  readonly kind: ResourceKind
  readonly name: string
}

/** One JSON line each with `-o json`; key ids appear as their last four characters at most. */
export type ApplyEvent =
  | { readonly type: 'start'; readonly ops: number; readonly steps: number }
  | ({ readonly type: 'op-start' } & OpRef)
  | ({ readonly type: 'op-skipped'; readonly reason: string } & OpRef)
  | {
      readonly type: 'step-done'
      readonly index: number
      readonly step: StepKind
      readonly ms: number
    }
  | { readonly type: 'note'; readonly index: number; readonly detail: string }
  | ({ readonly type: 'op-done'; readonly ms: number } & OpRef)
  | ({
      readonly type: 'op-failed'
      readonly step: StepKind
      readonly error: { readonly id: string; readonly message: string }
    } & OpRef)
  | {
      readonly type: 'done'
      readonly applied: number
      readonly skipped: number
      readonly failed: number
      readonly ms: number
    }
