/**
 * Rotation's progress as text: one line per transition as it happens, then one line per
 * identity saying where its rotation stands and when its next step is due.
 */
import type {
  RotationAct,
  RotationChange,
  RotationEvent,
  RotationOutcome,
} from '../model/rotation-events.ts'
import type { Style } from './style.ts'

const ACT: Readonly<Record<RotationAct, string>> = {
  started: 'rotation started: intent recorded in the journal (current key KEY)',
  'orphan-deleted': 'deleted KEY, a key an interrupted run created and never promoted',
  created: 'created KEY',
  verified: 'verified KEY: STS accepts it as this user',
  promoted: 'promoted KEY to current: consumers now read it; the old key drains',
  deactivated: 'deactivated KEY (restorable with --rollback until it is deleted)',
  deleted: 'deleted KEY: the rotation is complete',
  'rolled-back': 'rolled back to KEY: it is active and current again',
  adopted: 'adopted KEY: it drains, then is deactivated and deleted like an old key',
  abandoned: 'pending rotation abandoned; KEY stays current',
}

export function formatRotationEvent(event: RotationEvent, style: Style): string {
  if (event.kind === 'verify-wait')
    return style.dim(`  ${event.id}: IAM does not accept the new key yet (${event.code}); waiting`)
  const mark = event.act === 'orphan-deleted' || event.act === 'abandoned' ? '-' : '✔'
  return `${style.green(mark)} ${event.id}: ${ACT[event.act].replace('KEY', event.key ?? '')}`
}

const DUE: Readonly<Record<RotationChange, string>> = {
  record: 'due: record the next state',
  'delete-orphan': 'due: delete a key an interrupted run left behind',
  create: 'due: create, verify and promote a new key',
  'mark-stored': 'due: record the key an interrupted run stored',
  deactivate: 'due: deactivate the old key',
  'delete-old': 'due: delete the old key',
  rollback: 'due: roll back',
}

export function formatRotationOutcome(outcome: RotationOutcome, style: Style): string {
  switch (outcome.kind) {
    case 'idle': {
      const next = outcome.next === undefined ? '' : `; next step ${day(outcome.next)}`
      return `  ${outcome.id}: ${outcome.state} — ${outcome.why}${next}`
    }
    case 'due': {
      const what =
        outcome.step === 'record' && outcome.state === 'current'
          ? 'due: rotate (create, verify and promote a new key)'
          : DUE[outcome.step]
      return `  ${outcome.id}: ${outcome.state} — ${what}`
    }
    case 'refused':
      return `${style.red('✖')} ${outcome.id}: ${outcome.reason}\n    ${style.dim(outcome.hint)}`
  }
}

/** Minutes are the finest grain a schedule in days needs. */
export function day(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
