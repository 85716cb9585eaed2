/** What the check report's page and its diagram share: escaping, anchors, labels, styles. */
import type {
  AccessLevel,
  Finding,
  Located,
  NeverProof,
  Severity,
  StoreSummary,
} from '../analyze/check-result.ts'
import { ACCESS_LEVELS, SEVERITIES } from '../analyze/check-result.ts'
import { locationText } from '../model/resolved.ts'

export function locatedHtml(at: Located): string {
  return `<span class="loc" title="${esc(at.what)}"><code>${esc(locationText(at.location))}</code> <span class="muted">${esc(at.what)}</span></span>`
}

export function codeInline(items: readonly string[]): string {
  return items.map((i) => `<code>${esc(i)}</code>`).join(', ')
}

export function resourceText(resource: string): string {
  return resource === '*' ? '* (any resource)' : resource
}

export function storeKind(store: StoreSummary): string {
  return store.type === 'secretsmanager' ? 'Secrets Manager secret' : 'SSM parameter'
}

const LEVEL_CLASS: Readonly<Record<AccessLevel, string>> = {
  List: 'lvl-list',
  Read: 'lvl-read',
  Tagging: 'lvl-tagging',
  Write: 'lvl-write',
  'Permissions management': 'lvl-permissions',
}

export function levelClass(level: AccessLevel): string {
  return LEVEL_CLASS[level]
}

/** Names become part of ids: whitespace is the one thing an HTML id cannot hold. */
export function anchorPart(name: string): string {
  return name.replace(/\s+/g, '-')
}

export function envAnchor(env: string): string {
  return `env-${anchorPart(env)}`
}

export function identityAnchor(env: string, identity: string): string {
  return `identity-${anchorPart(env)}-${anchorPart(identity)}`
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** HTML-escape text for element content and quoted attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

const SEVERITY_COLOURS: Readonly<Record<Severity, readonly [light: string, dark: string]>> = {
  critical: ['#8a1538', '#ff7a9c'],
  high: ['#c4302b', '#ff8078'],
  medium: ['#b35900', '#f0a050'],
  low: ['#2f6fb0', '#7fb4ee'],
  info: ['#5f6b76', '#a4afb9'],
}

const severityVars = (scheme: 0 | 1) =>
  SEVERITIES.map((s) => `--sev-${s}:${SEVERITY_COLOURS[s][scheme]};`).join('')

export const CSS = `
:root{--bg:#ffffff;--fg:#1d2329;--muted:#5c6670;--line:#d5dbe1;--panel:#f4f6f8;--accent:#2458b3;
--ok:#1f7a3a;--bad:#c4302b;--unk:#9a6a00;--node:#ffffff;--key:#2a3540;
--lvl-list:#7d8792;--lvl-read:#2f6fb0;--lvl-tagging:#7b4bc4;--lvl-write:#c26100;--lvl-permissions:#c4302b;
${severityVars(0)}}
@media screen and (prefers-color-scheme: dark){:root{--bg:#14181c;--fg:#e3e7eb;--muted:#9aa5af;--line:#36404a;--panel:#1c2228;
--accent:#8ab4ff;--ok:#5fcf80;--bad:#ff8078;--unk:#e6c25a;--node:#1c2228;--key:#d0d7de;
--lvl-list:#98a2ad;--lvl-read:#7fb4ee;--lvl-tagging:#b99af0;--lvl-write:#f0a050;--lvl-permissions:#ff8078;
${severityVars(1)}}}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:24px 20px 48px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em;overflow-wrap:anywhere}
a{color:var(--accent)}
h1{margin:0 0 8px;font-size:2rem;line-height:1.2}
h2{margin:40px 0 12px;font-size:1.45rem;border-bottom:1px solid var(--line);padding-bottom:6px}
h3{margin:28px 0 8px;font-size:1.15rem}
h4{margin:16px 0 6px;font-size:1rem}
.muted{color:var(--muted);font-weight:normal}
.eyebrow{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:.8rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.meta{display:flex;flex-wrap:wrap;gap:4px 28px;margin:0 0 12px}
.meta div,.facts div{display:flex;gap:8px}
.meta dt,.facts dt{color:var(--muted)}
.meta dd,.facts dd{margin:0}
.facts{display:grid;grid-template-columns:1fr;gap:2px;margin:0 0 12px}
.facts dt{min-width:8.5em}
.pills{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:0;padding:0}
.pill{display:inline-block;padding:1px 10px;border-radius:999px;border:1px solid currentColor;font-size:.85rem;text-decoration:none;white-space:nowrap}
.pill.zero{opacity:.45}
${SEVERITIES.map((s) => `.sev-${s}{color:var(--sev-${s})}`).join('\n')}
.verdict.holds{color:var(--ok)}.verdict.violated{color:var(--bad)}.verdict.unproven{color:var(--unk)}
.verdicts{margin:8px 0 0}
nav ul{display:flex;flex-wrap:wrap;gap:6px 20px;list-style:none;padding:10px 14px;margin:20px 0 0;background:var(--panel);border-radius:8px}
.diagram{margin:12px 0 20px;padding:12px;background:var(--panel);border:1px solid var(--line);border-radius:10px;overflow-x:auto}
.diagram svg{display:block;max-width:100%;height:auto}
.diagram .col-head{fill:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.08em}
.node rect{fill:var(--node);stroke:var(--line);stroke-width:1.5}
.node.identity rect{stroke:var(--accent);stroke-width:2}
${SEVERITIES.map((s) => `.node.identity.worst-${s} rect{stroke:var(--sev-${s})}`).join('\n')}
.node .label{fill:var(--fg);font-size:13px;font-weight:600}
.node.resource .label{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px;font-weight:normal}
.node.resource.any rect{stroke:var(--bad);stroke-dasharray:4 3}
.node .sub{fill:var(--muted);font-size:11px}
.node .mark{font-size:14px;font-weight:700}
.never-holds .mark{fill:var(--ok)}.never-violated .mark{fill:var(--bad)}.never-unproven .mark{fill:var(--unk)}
.edge{fill:none;stroke-width:2}
.edge.key,.arrow.key{stroke:var(--key);fill:var(--key)}
.edge.consumer,.arrow.consumer{stroke:var(--muted);fill:var(--muted)}
.edge.consumer{stroke-dasharray:6 4}
${ACCESS_LEVELS.map((l) => `.edge.${LEVEL_CLASS[l]}{stroke:var(--${LEVEL_CLASS[l]})}.arrow.${LEVEL_CLASS[l]}{fill:var(--${LEVEL_CLASS[l]});stroke:none}`).join('\n')}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;list-style:none;margin:8px 0 0;padding:0;font-size:.85rem;color:var(--muted)}
.swatch{display:inline-block;width:22px;height:0;border-top:3px solid var(--muted);vertical-align:middle;margin-right:6px}
.swatch.key{border-color:var(--key)}.swatch.consumer{border-top-style:dashed}
${ACCESS_LEVELS.map((l) => `.swatch.${LEVEL_CLASS[l]}{border-color:var(--${LEVEL_CLASS[l]})}`).join('\n')}
.level{display:inline-block;padding:0 8px;border-radius:4px;border-left:4px solid;background:var(--panel);font-size:.85rem;white-space:nowrap}
${ACCESS_LEVELS.map((l) => `.level.${LEVEL_CLASS[l]}{border-color:var(--${LEVEL_CLASS[l]})}`).join('\n')}
.identity-card{border-top:1px dashed var(--line)}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:.92rem}
table.keys code{white-space:nowrap}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:4px}
th,td{text-align:left;vertical-align:top;padding:6px 10px;border-bottom:1px solid var(--line)}
thead th{background:var(--panel);font-weight:600}
tbody th{font-weight:normal}
.codes{list-style:none;margin:0;padding:0}
details summary{cursor:pointer;color:var(--accent);font-size:.85rem}
.never{list-style:none;padding:0;margin:0}
.never li{padding:4px 0}
.never .mark{display:inline-block;width:1.3em;font-weight:700}
.never li.holds .mark{color:var(--ok)}
.never li.violated .mark{color:var(--bad)}
.never li.unproven .mark{color:var(--unk)}
.assumers tr.confirmed .mark{color:var(--ok)}.assumers tr.wider .mark{color:var(--bad)}.assumers tr.unconfirmed .mark{color:var(--unk)}
.assumers .mark{font-weight:700}
.probes{margin:4px 0 0;padding-left:1.1em;font-size:.85rem}
.where,.loc{font-size:.85rem}
.findings .detail{font-size:.88rem;color:var(--muted);min-width:16em}
.findings td:nth-child(-n+2){white-space:nowrap}
.findings tr:target{outline:2px solid var(--accent)}
.ok{color:var(--ok)}
footer{margin-top:40px;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media print{
body{font-size:11pt;background:#fff;color:#000}
main{max-width:none;padding:0}
nav{display:none}
h2{break-after:avoid}
.diagram,tr,.never li,.facts{break-inside:avoid}
.diagram{overflow:visible}
}
`

export const VERDICT_MARK: Readonly<Record<NeverProof['verdict'], string>> = {
  holds: '✔',
  violated: '✖',
  unproven: '?',
}

export const FINDINGS_HEAD =
  '<thead><tr><th scope="col">Severity</th><th scope="col">ID</th><th scope="col">Environment / identity</th><th scope="col">Title</th><th scope="col">Detail</th><th scope="col">Location</th><th scope="col">Link</th></tr></thead>'

/** One finding as a table row, its id the anchor other parts of the page link to. */
export function findingRow(f: Finding, id: string): string {
  const where = `<a href="#${esc(identityAnchor(f.environment, f.identity))}">${esc(`${f.environment}/${f.identity}`)}</a>`
  const locations = f.locations.map(locatedHtml).join('<br>')
  return `<tr id="${esc(id)}" class="sev-row-${f.severity}"><td><span class="pill sev-${f.severity}">${f.severity}</span></td><td><code>${esc(f.id)}</code></td><td>${where}</td><td>${esc(f.title)}</td><td class="detail">${esc(f.detail)}</td><td class="where">${locations}</td><td>${linkHtml(f.link)}</td></tr>`
}

function linkHtml(link: string | undefined): string {
  if (link === undefined) return ''
  // Only web links become links: anything else (a `javascript:` URL) stays text.
  if (!/^https?:\/\//i.test(link)) return `<code>${esc(link)}</code>`
  const text = link.replace(/^https?:\/\//i, '')
  return `<a href="${esc(link)}" rel="noopener noreferrer">${esc(text)}</a>`
}
