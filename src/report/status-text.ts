/**
 * `keyward status` as text: per environment, each user's keys in a small table (last four
 * characters, part, status, age, last use), where its rotation stands and when the next step is
 * due, what the next apply would change; then the users keyward does not manage (at account
 * scope) and the audit's findings.
 */
import type { Finding } from '../analyze/check-result.ts'
import type { EnvironmentStatus } from '../analyze/status-result.ts'
import type { IdentityStatus, KeyStatus, UnmanagedUser } from '../model/key-status.ts'
import { findingLines } from './check-text.ts'
import { plural } from './diagnostics.ts'
import { formatRotationOutcome } from './rotate-text.ts'
import type { Style } from './style.ts'

export function formatStatus(
  project: string,
  environments: readonly EnvironmentStatus[],
  at: Date,
  style: Style,
): string {
  const lines: string[] = []
  for (const env of environments) {
    lines.push(
      style.bold(
        `${project} / ${env.environment} · account ${env.account} · ${env.region} · ${at.toISOString().slice(0, 10)}`,
      ),
      '',
    )
    for (const identity of env.identities) lines.push(...identityLines(identity, style), '')
    if (env.identities.length === 0) lines.push('  No user in this environment.', '')
    if (env.unmanaged !== undefined) lines.push(...unmanagedLines(env.unmanaged, style))
  }
  const findings = environments.flatMap((e) => e.findings)
  if (findings.length > 0) {
    lines.push(style.bold('Findings'))
    for (const f of findings) lines.push(...findingLines(f, style))
    lines.push('')
  }
  lines.push(summaryLine(environments, findings, style))
  return `${lines.join('\n')}\n`
}

function identityLines(s: IdentityStatus, style: Style): string[] {
  const store = s.store === undefined ? 'no key in the manifest' : `${s.store.type} ${s.store.name}`
  const out = [`${style.bold(s.id)}  user ${s.user} · ${store}`]
  if (!s.exists)
    return [...out, `  ${style.yellow('not in the account yet')}: \`apply\` creates it`]
  out.push(...keyTable(s.keys, style))
  if (s.rotation !== undefined) {
    const every =
      s.rotation.everyDays === undefined ? 'on demand' : `every ${s.rotation.everyDays}d`
    out.push(
      `  rotation ${every}:${formatRotationOutcome(s.rotation.outcome, style).replace(/^ *[^:]+:/, '')}`,
    )
  }
  for (const d of s.drift) {
    const what = d.properties.length === 0 ? '' : ` (${d.properties.join(', ')})`
    out.push(`  ${style.yellow('drift')}: apply would ${d.op} ${d.kind} ${d.name}${what}`)
  }
  return out
}

function unmanagedLines(users: readonly UnmanagedUser[], style: Style): string[] {
  if (users.length === 0)
    return [style.dim('Every user of the account is in this environment.'), '']
  const keyed = users.filter((u) => u.keys.length > 0)
  const out = [
    style.bold(
      `Not managed by this environment: ${plural(users.length, 'other user')}, ${keyed.length} with keys`,
    ),
  ]
  for (const u of keyed) {
    const owner = u.project === undefined ? '' : style.dim(` (keyward project ${u.project})`)
    out.push(`  ${u.user}${owner}`, ...keyTable(u.keys, style).map((l) => `  ${l}`))
  }
  out.push('')
  return out
}

function keyTable(keys: readonly KeyStatus[], style: Style): string[] {
  if (keys.length === 0) return [style.dim('  no access keys')]
  return keys.map((k) => {
    const age = k.ageDays === undefined ? '?' : `${k.ageDays}d`
    const used =
      k.lastUsed === null
        ? 'never used'
        : k.lastUsed === undefined
          ? ''
          : `last used ${k.unusedDays === 0 ? 'today' : `${k.unusedDays}d ago`}`
    const status = k.status === 'Active' ? k.status : style.dim(k.status)
    return `  ${k.key}  ${k.role.padEnd(9)} ${status.padEnd(8)} ${age.padStart(5)} old  ${used}`
  })
}

function summaryLine(
  environments: readonly EnvironmentStatus[],
  findings: readonly Finding[],
  style: Style,
): string {
  const identities = environments.reduce((n, e) => n + e.identities.length, 0)
  const keys = environments.reduce(
    (n, e) => n + e.identities.reduce((m, i) => m + i.keys.length, 0),
    0,
  )
  const drifted = environments.reduce(
    (n, e) => n + e.identities.filter((i) => i.drift.length > 0).length,
    0,
  )
  const parts = [
    plural(identities, 'user'),
    plural(keys, 'key'),
    drifted === 0 ? 'no drift' : `${plural(drifted, 'user')} drifted (run \`keyward plan\`)`,
    findings.length === 0 ? style.green('no findings') : plural(findings.length, 'finding'),
  ]
  return parts.join(', ') + '.'
}
