/**
 * Apply's progress as text: a line as each change finishes (or is skipped, or fails), with what
 * happened inside it — a mint names keys by their last four characters only.
 */
import type { ApplyEvent } from '../plan/apply-events.ts'
import { plural } from './diagnostics.ts'
import { MARK } from './plan-text.ts'
import type { Style } from './style.ts'

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`

/** The text for one event, or undefined for events that print nothing. */
export function formatApplyEvent(event: ApplyEvent, style: Style): string | undefined {
  switch (event.type) {
    case 'start':
      return event.ops === 0 ? undefined : `Applying ${plural(event.ops, 'change')}…`
    case 'op-done':
      return `${style.green('✔')} [${MARK[event.op]}] ${event.kind} ${event.name} ${style.dim(`(${seconds(event.ms)})`)}`
    case 'op-skipped':
      return `${style.yellow('-')} [${MARK[event.op]}] ${event.kind} ${event.name} ${style.yellow(`skipped: ${event.reason}`)}`
    case 'op-failed':
      return `${style.red('✖')} [${MARK[event.op]}] ${event.kind} ${event.name} ${style.red(`failed at ${event.step}`)}`
    case 'note':
      return style.dim(`      ${event.detail}`)
    case 'done': {
      const skipped = event.skipped > 0 ? `, ${event.skipped} held back` : ''
      if (event.failed > 0)
        return `\nStopped after ${plural(event.applied, 'change')}${skipped}. Every step is safe to repeat: fix the cause and run apply again.`
      return `\n${style.green('Apply complete:')} ${plural(event.applied, 'change')} applied${skipped} in ${seconds(event.ms)}.`
    }
    case 'op-start':
    case 'step-done':
      return undefined
  }
}
