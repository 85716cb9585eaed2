/**
 * What a rotation run reports: its transitions as they happen, and where each identity's
 * rotation stands when the run returns. Key ids appear only as their last four characters.
 */
import type { RotationState } from './rotation-record.ts'

/** The changes a rotation step makes (rotation-decide.ts), as a dry run names them. */
export type RotationChange =
  'record' | 'delete-orphan' | 'create' | 'mark-stored' | 'deactivate' | 'delete-old' | 'rollback'

export type RotationAct =
  | 'started'
  | 'orphan-deleted'
  | 'created'
  | 'verified'
  | 'promoted'
  | 'deactivated'
  | 'deleted'
  | 'rolled-back'
  | 'adopted'
  | 'abandoned'

/** Progress: key ids appear only as their last four characters. */
export type RotationEvent =
  | {
      readonly kind: 'act'
      readonly id: string
      readonly act: RotationAct
      readonly key?: string
      readonly state: RotationState
    }
  | {
      readonly kind: 'verify-wait'
      readonly id: string
      readonly attempt: number
      readonly code: string
    }

export type RotationOutcome =
  | {
      readonly kind: 'idle'
      readonly id: string
      readonly state: RotationState
      readonly next?: Date
      readonly why: string
    }
  | {
      readonly kind: 'refused'
      readonly id: string
      readonly reason: string
      readonly hint: string
    }
  /** Dry run: the change this identity is due for. */
  | {
      readonly kind: 'due'
      readonly id: string
      readonly state: RotationState
      readonly step: RotationChange
    }
