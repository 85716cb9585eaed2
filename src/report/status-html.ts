/**
 * The status section of the HTML report (`keyward status --html`): the keys an auditor asks
 * about — age, last use, part in a rotation, what is due — per environment, the users keyward
 * does not manage, and the access-key findings, beside the check's proofs on the same page.
 */
import type { EnvironmentStatus, StatusResult } from '../analyze/status-result.ts'
import type { IdentityStatus, KeyStatus } from '../model/key-status.ts'
import type { RotationOutcome } from '../model/rotation-events.ts'
import { FINDINGS_HEAD, esc, findingRow } from './check-html-parts.ts'
import { plural } from './diagnostics.ts'
import { formatRotationOutcome } from './rotate-text.ts'
import { PLAIN } from './style.ts'

export function statusNavItem(status: StatusResult): string {
  const findings = status.environments.reduce((n, e) => n + e.findings.length, 0)
  return `<li><a href="#status">Keys</a> <span class="muted">${status.at.slice(0, 10)}, ${plural(findings, 'finding')}</span></li>`
}

export function statusSection(status: StatusResult): string {
  const findings = status.environments.flatMap((e) => e.findings)
  const rows = findings.map((f, i) => findingRow(f, `status-finding-${i + 1}`))
  return `<section id="status">
<h2>Keys <span class="muted">as the account held them on ${esc(status.at.slice(0, 16).replace('T', ' '))} UTC</span></h2>
${status.environments.map(environmentKeys).join('\n')}
<h3>Access-key findings <span class="muted">${findings.length}</span></h3>
${
  rows.length === 0
    ? '<p class="ok">None: every active key is younger than 90 days, used within 45, alone on its user or in a rotation, and made by keyward.</p>'
    : `<table class="findings">\n${FINDINGS_HEAD}\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
}
</section>`
}

function environmentKeys(env: EnvironmentStatus): string {
  const rows = env.identities.flatMap(identityRows)
  const others = (env.unmanaged ?? []).filter((u) => u.keys.length > 0)
  const unmanaged =
    env.unmanaged === undefined
      ? ''
      : `<h4>Users this environment does not manage <span class="muted">${plural(env.unmanaged.length, 'user')}, ${others.length} with keys</span></h4>
${
  others.length === 0
    ? ''
    : table(
        others.flatMap((u) =>
          u.keys.map((k, i) =>
            keyRow(
              i === 0 ? otherHead(u.user, u.project) : undefined,
              u.keys.length,
              k,
              i === 0 ? '<span class="muted">not managed</span>' : undefined,
            ),
          ),
        ),
      )
}`
  return `<h3>${esc(env.environment)} <span class="muted">account ${esc(env.account)}, ${esc(env.region)}</span></h3>
${rows.length === 0 ? '<p class="muted">No user in this environment.</p>' : table(rows)}
${unmanaged}`
}

function otherHead(user: string, project: string | undefined): string {
  const owner = project === undefined ? '' : ` <span class="muted">project ${esc(project)}</span>`
  return `<code>${esc(user)}</code>${owner}`
}

function table(rows: readonly string[]): string {
  return `<table class="keys">
<thead><tr><th scope="col">User</th><th scope="col">Key</th><th scope="col">Part</th><th scope="col">Status</th><th scope="col">Age</th><th scope="col">Last used</th><th scope="col">Rotation</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

function identityRows(s: IdentityStatus): string[] {
  const head = `<code>${esc(s.id)}</code> <span class="muted">${esc(s.user)}</span>${
    s.drift.length === 0 ? '' : ` <span class="sev-medium">drift: ${s.drift.length}</span>`
  }`
  const rotation =
    s.rotation === undefined
      ? '<span class="muted">no key in the manifest</span>'
      : outcomeHtml(s.rotation.outcome)
  if (!s.exists || s.keys.length === 0) {
    const what = s.exists ? 'no access keys' : 'not in the account yet'
    return [
      `<tr><th scope="row">${head}</th><td colspan="5" class="muted">${what}</td><td>${rotation}</td></tr>`,
    ]
  }
  return s.keys.map((k, i) =>
    keyRow(i === 0 ? head : undefined, s.keys.length, k, i === 0 ? rotation : undefined),
  )
}

function keyRow(
  head: string | undefined,
  span: number,
  k: KeyStatus,
  rotation: string | undefined,
): string {
  const user = head === undefined ? '' : `<th scope="row" rowspan="${span}">${head}</th>`
  const last =
    k.lastUsed === null
      ? 'never'
      : k.lastUsed === undefined
        ? ''
        : `${esc(k.lastUsed.slice(0, 10))} <span class="muted">(${k.unusedDays ?? 0}d)</span>`
  const cell = rotation === undefined ? '' : `<td rowspan="${span}">${rotation}</td>`
  return `<tr>${user}<td><code>${esc(k.key)}</code></td><td>${esc(k.role)}</td><td>${esc(k.status)}</td><td>${k.ageDays === undefined ? '' : `${k.ageDays}d`}</td><td>${last}</td>${cell}</tr>`
}

function outcomeHtml(outcome: RotationOutcome): string {
  const text = formatRotationOutcome(outcome, PLAIN).replace(/^ *[^:]+: /, '')
  return esc(text.split('\n')[0] ?? '')
}
