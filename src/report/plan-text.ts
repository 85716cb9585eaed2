/**
 * A plan as a person reviews it: one line per resource that changes, marked `[+]` (created or
 * a key minted), `[~]` (changed in place, renamed, adopted) or `[-]` (deleted), with property
 * diffs under it — policy documents as JSON line diffs — and a one-line summary. Unchanged
 * resources are only counted, except OIDC providers keyward uses without managing them (`[=]`):
 * a reviewer should see which existing provider the roles will trust. No secret can appear: a
 * plan holds none.
 */
import { hasChanges, type Op, type OpKind, type Plan, type PropertyDiff } from '../plan/plan.ts'
import { plural } from './diagnostics.ts'
import { diffLines, documentLines, fold } from './json-diff.ts'
import type { Style } from './style.ts'

/** The mark of each kind of change, in plans and in apply's progress. */
export const MARK: Readonly<Record<OpKind, string>> = {
  create: '+',
  mint: '+',
  update: '~',
  rename: '~',
  adopt: '~',
  delete: '-',
  'no-op': ' ',
}

const INDENT = '      '

export function formatPlan(plan: Plan, style: Style): string {
  const { owner, account, region } = plan.scope
  const out: string[] = [
    style.bold(`Plan for ${owner.project} / ${owner.environment}`) +
      style.dim(` (account ${account}, ${region})`),
    '',
  ]
  const shown = plan.ops.filter((op) => op.op !== 'no-op' || usedAsItIs(op))
  for (const op of shown) out.push(...formatOp(op, style), '')
  for (const c of plan.conflicts) {
    out.push(`${style.red('✖ conflict:')} ${c.kind} ${c.name}: ${c.message}`)
    out.push(`${INDENT}hint: ${c.hint}`, '')
  }
  out.push(summaryLine(plan, style))
  return `${out.join('\n')}\n`
}

/** An unchanged op worth a line: a provider keyward uses or keeps without changing it. */
function usedAsItIs(op: Op): boolean {
  return op.op === 'no-op' && op.kind === 'oidc-provider' && op.note !== undefined
}

function colorOf(op: OpKind, style: Style): (text: string) => string {
  if (op === 'delete') return style.red
  if (op === 'create' || op === 'mint') return style.green
  return style.yellow
}

function formatOp(op: Op, style: Style): string[] {
  const color = colorOf(op.op, style)
  const detail =
    op.op === 'rename' && op.previousName !== undefined
      ? ` (renamed from ${op.previousName})`
      : op.op === 'adopt'
        ? ' (adopted: keyward takes over the existing one)'
        : op.op === 'mint'
          ? ' (key minted)'
          : ''
  const mark = usedAsItIs(op) ? style.dim('[=]') : color(`[${MARK[op.op]}]`)
  const lines = [`${mark} ${op.kind.padEnd(9)} ${style.bold(op.name)}${detail}`]
  if (op.note !== undefined) lines.push(style.dim(`${INDENT}${op.note}`))
  if (op.blocked !== undefined) lines.push(style.yellow(`${INDENT}skipped: ${op.blocked}`))
  if (op.kind !== 'registry') for (const diff of op.diffs) lines.push(...formatDiff(diff, style))
  if (op.broadens !== undefined) {
    const more = op.broadens.more > 0 ? ` and ${op.broadens.more} more` : ''
    lines.push(
      style.yellow(`${INDENT}⚠ broadens permissions: ${op.broadens.added.join(', ')}${more}`),
    )
  }
  return lines
}

function isScalar(value: unknown): boolean {
  return value === undefined || value === null || typeof value !== 'object'
}

function formatDiff(diff: PropertyDiff, style: Style): string[] {
  if (isScalar(diff.before) && isScalar(diff.after)) {
    const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v))
    if (diff.before === undefined) return [`${INDENT}${diff.property}: ${String(diff.after)}`]
    return [`${INDENT}${diff.property}: ${show(diff.before)} → ${show(diff.after)}`]
  }
  const before = diff.before === undefined ? [] : documentLines(diff.before)
  const after = diff.after === undefined ? [] : documentLines(diff.after)
  const lines = [`${INDENT}${diff.property}:`]
  if (isListOfNames(diff.before) && isListOfNames(diff.after)) {
    return [`${INDENT}${diff.property}: [${diff.before.join(', ')}] → [${diff.after.join(', ')}]`]
  }
  for (const line of fold(diffLines(before, after))) {
    if (line.mark === '…') lines.push(style.dim(`${INDENT}  …`))
    else {
      const text = `${INDENT}${line.mark} ${line.text}`
      lines.push(line.mark === '+' ? style.green(text) : line.mark === '-' ? style.red(text) : text)
    }
  }
  return lines
}

/** Groups, attached policies: short lists of names, shown on one line. */
function isListOfNames(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

function summaryLine(plan: Plan, style: Style): string {
  const s = plan.summary
  const blocked = plan.ops.filter((op) => op.blocked !== undefined).length
  const parts = [
    [s.create, 'to create'],
    [s.update, 'to update'],
    [s.rename, 'to rename'],
    [s.adopt, 'to adopt'],
    [s.delete, 'to delete'],
  ] as const
  const changes = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`)
  if (s.mint > 0) changes.push(`${plural(s.mint, 'key')} to mint`)
  const unchanged = `${s['no-op']} unchanged`
  if (changes.length === 0 && plan.conflicts.length === 0) {
    return hasChanges(plan)
      ? `${style.bold('Plan:')} only keyward's registry is brought up to date; ${unchanged}.`
      : `${style.green('No changes.')} The account matches the manifest (${unchanged}).`
  }
  const held =
    blocked > 0 ? ` ${plural(blocked, 'delete')} held back: run with --allow-delete.` : ''
  const conflicts =
    plan.conflicts.length > 0
      ? ` ${style.red(plural(plan.conflicts.length, 'conflict'))} to resolve before apply.`
      : ''
  return `${style.bold('Plan:')} ${changes.join(', ') || 'nothing to change'}; ${unchanged}.${held}${conflicts}`
}
