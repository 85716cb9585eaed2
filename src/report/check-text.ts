/**
 * `keyward check` for the terminal: per environment and identity, what it can do and whether its
 * `never` assertions hold, then the findings, most severe first, each with the manifest line to
 * change. Colour comes in as a style, so the text is the same that tests read.
 */
import type {
  Assumer,
  CheckResult,
  Finding,
  IdentityCheck,
  Located,
  NeverProof,
  Severity,
} from '../analyze/check-result.ts'
import { ACCESS_LEVELS, SEVERITIES } from '../analyze/check-result.ts'
import { plural } from './diagnostics.ts'
import { assumerText, probeText } from './trust-text.ts'
import { neverScope } from './never-scope.ts'
import type { Style } from './style.ts'
import { locationText } from '../model/resolved.ts'

export function formatCheck(result: CheckResult, style: Style): string {
  const lines: string[] = [
    `${style.bold(result.project)}  ${result.file}  ${style.dim(`iam-data ${result.dataVersion}`)}`,
  ]
  for (const env of result.environments) {
    lines.push('', `${style.bold(env.name)} ${style.dim(`(${env.account})`)}`)
    for (const identity of env.identities) lines.push(...identityLines(identity, style))
  }
  lines.push('', style.bold('findings'))
  if (result.findings.length === 0) lines.push(`  ${style.green('none')}`)
  for (const f of result.findings) lines.push(...findingLines(f, style))
  lines.push('', summaryLine(result, style))
  return `${lines.join('\n')}\n`
}

function identityLines(identity: IdentityCheck, style: Style): string[] {
  const r = identity.radius
  const services = r.services.map((s) => s.service)
  const levels = ACCESS_LEVELS.filter((l) => r.totals[l] > 0).map((l) => `${l} ${r.totals[l]}`)
  const wide = [
    r.unrestricted > 0 ? `${r.unrestricted} on any resource` : '',
    r.actions > r.named ? `${r.actions - r.named} through wildcards` : '',
    r.conditional > 0 ? `${r.conditional} conditional` : '',
  ].filter((t) => t !== '')
  const out = [
    `  ${style.cyan(identity.id)}  ${style.dim(`${identity.type} ${identity.name}`)}`,
    r.actions === 0
      ? `    can do   nothing`
      : `    can do   ${plural(r.actions, 'action')} in ${plural(services.length, 'service')} (${services.join(', ')}): ${levels.join(', ')}${wide.length > 0 ? ` — ${wide.join(', ')}` : ''}`,
  ]
  identity.never.forEach((proof, index) => out.push(...neverLines(proof, index === 0, style)))
  if (identity.assumers?.length === 0)
    out.push(`    assumers nobody: the trust policy allows no one`)
  identity.assumers?.forEach((a, index) => out.push(...assumerLines(a, index === 0, style)))
  return out
}

/** Who can assume a role: one line per principal of its trust, marked as the evaluator found. */
function assumerLines(assumer: Assumer, first: boolean, style: Style): string[] {
  const label = first ? '    assumers ' : '             '
  const mark =
    assumer.verdict === 'confirmed'
      ? style.green('✔')
      : assumer.verdict === 'wider'
        ? style.red('✖')
        : style.yellow('?')
  const out = [`${label}${mark} ${assumerText(assumer)}  ${style.dim(where(assumer.at))}`]
  for (const probe of assumer.probes.filter((p) => !p.ok)) {
    const what =
      probe.expected === 'denied' ? style.red('also allowed') : style.yellow('not allowed')
    out.push(`               ${what}: ${probeText(probe)}`)
  }
  return out
}

function neverLines(proof: NeverProof, first: boolean, style: Style): string[] {
  const label = first ? '    never    ' : '             '
  const mark =
    proof.verdict === 'holds'
      ? style.green('✔')
      : proof.verdict === 'violated'
        ? style.red('✖')
        : style.yellow('?')
  const what = `${proof.actions.join(', ')} ${neverScope(proof)}`
  const out = [`${label}${mark} ${what}  ${style.dim(where(proof.at))}`]
  for (const reach of proof.reaches) {
    const when = reach.condition === undefined ? '' : ` when ${reach.condition}`
    const by = reach.grantedBy.map((g) => `${g.what} (${where(g)})`).join('; ')
    out.push(
      `               ${style.red('allowed')}: ${reach.action} on ${reach.resource}${when}${by === '' ? '' : ` — by ${by}`}`,
    )
  }
  if (proof.verdict === 'unproven')
    out.push(
      `               ${style.yellow('unproven')}: not weighed ${(proof.unweighed ?? []).join(', ')}`,
    )
  return out
}

export const SEVERITY_STYLE: Readonly<Record<Severity, keyof Style>> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
}

/** One finding as indented lines: severity, id, subject, where, why, and the reference. */
export function findingLines(f: Finding, style: Style): string[] {
  const label = style[SEVERITY_STYLE[f.severity]](f.severity.toUpperCase().padEnd(8))
  const out = [`  ${label} ${f.id}  ${f.environment}/${f.identity}  ${f.title}`]
  for (const at of f.locations.slice(0, 4))
    out.push(`           ${style.dim(`${where(at)}  ${at.what}`)}`)
  if (f.locations.length > 4)
    out.push(`           ${style.dim(`and ${f.locations.length - 4} more`)}`)
  out.push(`           ${f.detail}`)
  if (f.link !== undefined) out.push(`           ${style.dim(f.link)}`)
  return out
}

function summaryLine(result: CheckResult, style: Style): string {
  const proofs = result.environments.flatMap((e) => e.identities.flatMap((i) => i.never))
  const broken = proofs.filter((p) => p.verdict === 'violated').length
  const unproven = proofs.filter((p) => p.verdict === 'unproven').length
  const head =
    proofs.length === 0
      ? 'no never assertions'
      : broken > 0
        ? style.red(`✖ ${plural(broken, 'never assertion')} violated`)
        : style.green(
            `✔ ${plural(proofs.length - unproven, 'never assertion')} hold${proofs.length - unproven === 1 ? 's' : ''}`,
          )
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => `${result.summary[s]} ${s}`)
    .join(', ')
  return `${head}${unproven > 0 ? `, ${unproven} unproven` : ''} · findings: ${counts}`
}

function where(at: Located): string {
  return locationText(at.location)
}
