/**
 * `keyward check --html FILE`: the check as one self-contained HTML page, the file to attach to a
 * review or a ticket. Whoever opens it sees what each identity can reach, where its key lives and
 * who reads it, whether its `never` assertions hold, and the findings with the manifest lines to
 * change, without keyward, AWS access or a network: the page loads nothing (no fonts, scripts,
 * images or styles from elsewhere, and a Content-Security-Policy that forbids them), draws its
 * diagrams as inline SVG laid out here, and reads the same with or without JavaScript (it has
 * none) and on paper.
 *
 * Every string from the manifest or the catalog is escaped before it lands in the page, and the
 * same result always renders to the same bytes, so two reports diff cleanly.
 */
import type { StatusResult } from '../analyze/status-result.ts'
import type {
  Assumer,
  CheckResult,
  EnvironmentCheck,
  IdentityCheck,
} from '../analyze/check-result.ts'
import { ACCESS_LEVELS, SEVERITIES } from '../analyze/check-result.ts'
import { plural } from './diagnostics.ts'
import { diagram } from './check-html-diagram.ts'
import { neverScope } from './never-scope.ts'
import { statusNavItem, statusSection } from './status-html.ts'
import { probeText } from './trust-text.ts'
import {
  CSS,
  VERDICT_MARK,
  codeInline,
  FINDINGS_HEAD,
  findingRow,
  envAnchor,
  esc,
  identityAnchor,
  levelClass,
  locatedHtml,
  resourceText,
  storeKind,
} from './check-html-parts.ts'

export interface HtmlOptions {
  readonly version: string
  /** The account's keys as `keyward status` read them: a section of its own, after the contents. */
  readonly status?: StatusResult
}

export function checkToHtml(result: CheckResult, options: HtmlOptions): string {
  const title = `keyward check · ${result.project} · ${result.file}`
  const body = [
    header(result, options.version),
    nav(result, options.status),
    ...(options.status === undefined ? [] : [statusSection(options.status)]),
    ...result.environments.map((env, index) => environmentSection(result, env, index)),
    findingsSection(result),
    `<footer><p>Written by keyward ${esc(options.version)} from <code>${esc(result.file)}</code> with iam-data ${esc(result.dataVersion)}. This page loads nothing from the network and runs no script.</p></footer>`,
  ]
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="keyward ${esc(options.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`
}

// ---------------------------------------------------------------------------------------------
// Header, navigation and summary

function header(result: CheckResult, version: string): string {
  const identities = result.environments.reduce((n, e) => n + e.identities.length, 0)
  const proofs = result.environments.flatMap((e) => e.identities.flatMap((i) => i.never))
  const verdicts = (['holds', 'violated', 'unproven'] as const)
    .map((v) => ({ v, n: proofs.filter((p) => p.verdict === v).length }))
    .filter(({ n }) => n > 0)
    .map(({ v, n }) => `<span class="verdict ${v}">${VERDICT_MARK[v]} ${n} ${v}</span>`)
  const severities = [...SEVERITIES]
    .reverse()
    .map(
      (s) =>
        `<li class="pill sev-${s}${result.summary[s] === 0 ? ' zero' : ''}"><strong>${result.summary[s]}</strong> ${s}</li>`,
    )
  return `<header>
<p class="eyebrow">keyward check</p>
<h1>${esc(result.project)}</h1>
<dl class="meta">
<div><dt>Manifest</dt><dd><code>${esc(result.file)}</code></dd></div>
<div><dt>iam-data</dt><dd>${esc(result.dataVersion)}</dd></div>
<div><dt>keyward</dt><dd>${esc(version)}</dd></div>
<div><dt>Scope</dt><dd>${plural(result.environments.length, 'environment')}, ${plural(identities, 'identity', 'identities')}</dd></div>
</dl>
<div class="summary">
<h2 class="visually-hidden">Summary</h2>
<ul class="pills" aria-label="Findings by severity">${severities.join('')}</ul>
<p class="verdicts">${proofs.length === 0 ? 'no never assertions' : `never assertions: ${verdicts.join(' ')}`}</p>
</div>
</header>`
}

function nav(result: CheckResult, status: StatusResult | undefined): string {
  const links = status === undefined ? [] : [statusNavItem(status)]
  links.push(
    ...result.environments.map(
      (env) =>
        `<li><a href="#${esc(envAnchor(env.name))}">${esc(env.name)}</a> <span class="muted">${plural(env.identities.length, 'identity', 'identities')}</span></li>`,
    ),
  )
  links.push(
    `<li><a href="#findings">Findings</a> <span class="muted">${result.findings.length}</span></li>`,
  )
  return `<nav aria-label="Contents"><ul>${links.join('')}</ul></nav>`
}

// ---------------------------------------------------------------------------------------------
// Environments and identities

function environmentSection(result: CheckResult, env: EnvironmentCheck, index: number): string {
  const identities = env.identities.map((identity) => identitySection(result, env, identity))
  return `<section class="environment" id="${esc(envAnchor(env.name))}">
<h2>${esc(env.name)} <span class="muted">account ${esc(env.account)}</span></h2>
${diagram(result, env, index)}
${identities.length === 0 ? '<p class="muted">No identities.</p>' : identities.join('\n')}
</section>`
}

function identitySection(
  result: CheckResult,
  env: EnvironmentCheck,
  identity: IdentityCheck,
): string {
  const r = identity.radius
  const levels = ACCESS_LEVELS.filter((l) => r.totals[l] > 0).map(
    (l) => `<span class="level ${levelClass(l)}">${esc(l)} ${r.totals[l]}</span>`,
  )
  const wide = [
    r.unrestricted > 0 ? `${r.unrestricted} on any resource` : '',
    r.actions > r.named ? `${r.actions - r.named} through wildcards` : '',
    r.conditional > 0 ? `${r.conditional} conditional` : '',
  ].filter((t) => t !== '')
  const can =
    r.actions === 0
      ? 'nothing'
      : `${plural(r.actions, 'action')} in ${plural(r.services.length, 'service')} ${levels.join(' ')}${wide.length > 0 ? ` <span class="muted">(${esc(wide.join(', '))})</span>` : ''}`
  const store =
    identity.store === undefined
      ? '<span class="muted">none</span>'
      : `${esc(storeKind(identity.store))} <code>${esc(identity.store.name)}</code>`
  const consumers =
    identity.consumers.length === 0
      ? '<span class="muted">none</span>'
      : identity.consumers
          .map((c) => `Kubernetes secret <code>${esc(`${c.namespace}/${c.secret}`)}</code>`)
          .join(', ')
  const own = result.findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.environment === env.name && f.identity === identity.id)
    .map(
      ({ f, i }) =>
        `<a class="pill sev-${f.severity}" href="#finding-${i + 1}">${esc(f.id)} ${f.severity}</a>`,
    )
  return `<article class="identity-card" id="${esc(identityAnchor(env.name, identity.id))}">
<h3>${esc(identity.id)} <span class="muted">${esc(identity.type)} ${esc(identity.name)}</span></h3>
<dl class="facts">
<div><dt>ARN</dt><dd><code>${esc(identity.arn)}</code></dd></div>
<div><dt>Declared</dt><dd>${locatedHtml(identity.at)}</dd></div>
<div><dt>Key stored in</dt><dd>${store}</dd></div>
<div><dt>Read by</dt><dd>${consumers}</dd></div>
<div><dt>Can do</dt><dd>${can}</dd></div>
<div><dt>Findings</dt><dd>${own.length === 0 ? '<span class="muted">none</span>' : own.join(' ')}</dd></div>
</dl>
${radiusTable(identity)}
${neverList(identity)}
${assumersTable(identity)}
</article>`
}

const ACTIONS_SHOWN = 12

function radiusTable(identity: IdentityCheck): string {
  if (identity.radius.services.length === 0) return ''
  const rows: string[] = []
  for (const service of identity.radius.services) {
    service.levels.forEach((level, i) => {
      const head =
        i === 0
          ? `<th scope="rowgroup" rowspan="${service.levels.length}"><code>${esc(service.service)}</code></th>`
          : ''
      rows.push(
        `<tr>${head}<td><span class="level ${levelClass(level.level)}">${esc(level.level)}</span></td><td>${codeList(level.actions)}</td><td>${codeList(level.resources.map(resourceText))}</td></tr>`,
      )
    })
  }
  return `<table class="radius">
<caption>Blast radius of ${esc(identity.id)}</caption>
<thead><tr><th scope="col">Service</th><th scope="col">Access level</th><th scope="col">Actions</th><th scope="col">Resources</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

function codeList(items: readonly string[]): string {
  const item = (text: string) => `<li><code>${esc(text)}</code></li>`
  const shown = items.slice(0, ACTIONS_SHOWN).map(item).join('')
  if (items.length <= ACTIONS_SHOWN) return `<ul class="codes">${shown}</ul>`
  const rest = items.slice(ACTIONS_SHOWN).map(item).join('')
  return `<ul class="codes">${shown}</ul><details><summary>${items.length - ACTIONS_SHOWN} more</summary><ul class="codes">${rest}</ul></details>`
}

function neverList(identity: IdentityCheck): string {
  if (identity.never.length === 0) return ''
  const items = identity.never.map((proof) => {
    const what = `${codeInline(proof.actions)} ${neverScope(proof, (r) => codeInline(r.map(resourceText)))}`
    const reaches =
      proof.reaches.length === 0
        ? ''
        : `<table class="reaches">
<thead><tr><th scope="col">Allowed action</th><th scope="col">On</th><th scope="col">When</th><th scope="col">Granted by</th></tr></thead>
<tbody>
${proof.reaches
  .map(
    (reach) =>
      `<tr><td><code>${esc(reach.action)}</code></td><td><code>${esc(resourceText(reach.resource))}</code></td><td>${reach.condition === undefined ? '<span class="muted">always</span>' : `<code>${esc(reach.condition)}</code>`}</td><td>${reach.grantedBy.map(locatedHtml).join('<br>')}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
    const unweighed =
      proof.verdict === 'unproven'
        ? `<p class="unweighed">Not weighed: ${codeInline(proof.unweighed ?? [])}</p>`
        : ''
    return `<li class="${proof.verdict}"><span class="mark" role="img" aria-label="${proof.verdict}" title="${proof.verdict}">${VERDICT_MARK[proof.verdict]}</span> <span class="never-what">never ${what}</span> <span class="where">${locatedHtml(proof.at)}</span>${reaches}${unweighed}</li>`
  })
  return `<h4>Never</h4>
<ul class="never">
${items.join('\n')}
</ul>`
}

const ASSUMER_MARK: Readonly<Record<Assumer['verdict'], string>> = {
  confirmed: '✔',
  wider: '✖',
  unconfirmed: '?',
}

const ASSUMER_KIND: Readonly<Record<Assumer['kind'], string>> = {
  oidc: 'web identity (OIDC)',
  saml: 'SAML',
  aws: 'AWS principal',
  service: 'AWS service',
  everyone: 'anyone',
}

/** A role's "who can assume": each principal of its trust, as the evaluator confirmed it. */
function assumersTable(identity: IdentityCheck): string {
  if (identity.assumers === undefined) return ''
  if (identity.assumers.length === 0)
    return '<h4>Who can assume</h4>\n<p class="muted">Nobody: the trust policy allows no one.</p>'
  const none = '<span class="muted">any</span>'
  const rows = identity.assumers.map((a) => {
    const beyond = a.probes.filter((p) => !p.ok)
    const evaluator =
      beyond.length === 0
        ? ''
        : `<ul class="probes">${beyond
            .map(
              (p) =>
                `<li>${p.expected === 'denied' ? 'also allowed' : 'not allowed'}: <code>${esc(probeText(p))}</code></li>`,
            )
            .join('')}</ul>`
    const cell = (items: readonly string[], empty: string) =>
      items.length === 0 ? empty : codeInline(items)
    return `<tr class="${a.verdict}"><td><span class="mark" role="img" aria-label="${a.verdict}" title="${a.verdict}">${ASSUMER_MARK[a.verdict]}</span> ${a.verdict}${evaluator}</td><td>${esc(ASSUMER_KIND[a.kind])}<br><code>${esc(a.principal)}</code></td><td>${codeInline(a.actions)}</td><td>${a.kind === 'oidc' ? cell(a.subjects, none) : ''}</td><td>${a.kind === 'oidc' ? cell(a.audiences, none) : ''}</td><td>${cell(a.conditions, '<span class="muted">none</span>')}</td><td>${locatedHtml(a.at)}</td></tr>`
  })
  return `<h4>Who can assume</h4>
<table class="assumers">
<caption>Who can assume ${esc(identity.id)}</caption>
<thead><tr><th scope="col">Evaluator</th><th scope="col">Principal</th><th scope="col">Actions</th><th scope="col">Subjects</th><th scope="col">Audiences</th><th scope="col">Conditions</th><th scope="col">Declared</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

// ---------------------------------------------------------------------------------------------
// Findings

function findingsSection(result: CheckResult): string {
  if (result.findings.length === 0)
    return `<section id="findings"><h2>Findings</h2><p class="ok">None.</p></section>`
  const rows = result.findings.map((f, i) => findingRow(f, `finding-${i + 1}`))
  return `<section id="findings">
<h2>Findings <span class="muted">${result.findings.length}</span></h2>
<table class="findings">
${FINDINGS_HEAD}
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`
}
