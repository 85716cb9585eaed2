/** `keyward diff` for the terminal: per environment and identity, + newly allowed, - newly denied. */
import type { DiffPair, DiffResult } from '../analyze/diff.ts'
import { plural } from './diagnostics.ts'
import type { Style } from './style.ts'
import { locationText } from '../model/resolved.ts'

/** Beyond this many pairs per identity and direction, the rest are counted, not listed. */
const LISTED = 40

export function formatDiff(result: DiffResult, style: Style): string {
  const lines = [
    `${result.before} → ${result.after}  ${style.dim(`iam-data ${result.dataVersion}`)}`,
  ]
  if (result.environments.length === 0) {
    lines.push('', 'No identity can do anything it could not do before, nor lost anything.')
    return `${lines.join('\n')}\n`
  }
  let allowed = 0
  let denied = 0
  for (const env of result.environments) {
    for (const identity of env.identities) {
      const note = identity.change === 'changed' ? '' : style.dim(` (${identity.change})`)
      lines.push('', `${style.bold(`${env.name}/${identity.id}`)}${note}`)
      lines.push(...pairs(identity.allowed, style.green('+'), style))
      lines.push(...pairs(identity.denied, style.red('-'), style))
      allowed += identity.allowed.length
      denied += identity.denied.length
    }
  }
  lines.push(
    '',
    `${plural(allowed, 'pair')} newly allowed, ${plural(denied, 'pair')} newly denied (action on resource)`,
  )
  return `${lines.join('\n')}\n`
}

function pairs(list: readonly DiffPair[], mark: string, style: Style): string[] {
  const out = list.slice(0, LISTED).map((p) => {
    const at = p.grantedBy?.[0]
    const where = at === undefined ? '' : style.dim(`  ${locationText(at.location)}`)
    return `  ${mark} ${p.action} on ${p.resource}${where}`
  })
  if (list.length > LISTED) out.push(`  ${mark} ${style.dim(`and ${list.length - LISTED} more`)}`)
  return out
}
