/**
 * Runs a plan: op by op, step by step, in the plan's order, reporting each as an event. Ops held
 * back (a delete without --allow-delete) are skipped; the first op that fails stops the run,
 * since later ones may depend on it. Every step is idempotent, so running the plan — or a fresh
 * one — again finishes what a failed run started.
 */
import { isKeywardError } from '../errors.ts'
import type { ApplyEvent, OpRef } from '../plan/apply-events.ts'
import type { Op, Plan } from '../plan/plan.ts'
import type { Step } from '../plan/steps.ts'

export type { ApplyEvent } from '../plan/apply-events.ts'

/** Performs one step; `note` reports what happened inside it (a mint's progress). */
export type StepRunner = (step: Step, note: (detail: string) => void) => Promise<void>

export interface ApplyResult {
  readonly applied: number
  readonly skipped: number
  /** The error that stopped the run, if one did. */
  readonly error?: unknown
}

export async function runPlan(
  plan: Plan,
  run: StepRunner,
  emit: (event: ApplyEvent) => void,
  clock: () => number = () => performance.now(),
): Promise<ApplyResult> {
  const started = clock()
  const pending = plan.ops.filter((op) => op.op !== 'no-op' && op.steps.length > 0)
  emit({
    type: 'start',
    ops: pending.length,
    steps: pending.reduce((n, op) => n + op.steps.length, 0),
  })
  let applied = 0
  let skipped = 0
  for (const [index, op] of pending.entries()) {
    const ref = refOf(op, index)
    if (op.blocked !== undefined) {
      skipped++
      emit({ type: 'op-skipped', reason: op.blocked, ...ref })
      continue
    }
    emit({ type: 'op-start', ...ref })
    const opStarted = clock()
    for (const step of op.steps) {
      const stepStarted = clock()
      try {
        await run(step, (detail) => emit({ type: 'note', index, detail }))
      } catch (error) {
        emit({ type: 'op-failed', step: step.kind, error: describe(error), ...ref })
        emit({ type: 'done', applied, skipped, failed: 1, ms: Math.round(clock() - started) })
        return { applied, skipped, error }
      }
      emit({ type: 'step-done', index, step: step.kind, ms: Math.round(clock() - stepStarted) })
    }
    applied++
    emit({ type: 'op-done', ms: Math.round(clock() - opStarted), ...ref })
  }
  emit({ type: 'done', applied, skipped, failed: 0, ms: Math.round(clock() - started) })
  return { applied, skipped }
}

function refOf(op: Op, index: number): OpRef {
  return { index, op: op.op, kind: op.kind, name: op.name }
}

function describe(error: unknown): { id: string; message: string } {
  if (isKeywardError(error)) return { id: error.id, message: error.message }
  return { id: 'internal', message: error instanceof Error ? error.message : String(error) }
}
