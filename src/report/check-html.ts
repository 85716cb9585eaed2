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
import type {
  AccessLevel,
  CheckResult,
  EnvironmentCheck,
  Finding,
  IdentityCheck,
  Located,
  NeverProof,
  Severity,
  StoreSummary,
} from '../analyze/check-result.ts'
import { ACCESS_LEVELS, SEVERITIES } from '../analyze/check-result.ts'
import { plural } from './diagnostics.ts'

export function checkToHtml(result: CheckResult, options: { readonly version: string }): string {
  const title = `keyward check · ${result.project} · ${result.file}`
  const body = [
    header(result, options.version),
    nav(result),
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

function nav(result: CheckResult): string {
  const links = result.environments.map(
    (env) =>
      `<li><a href="#${esc(envAnchor(env.name))}">${esc(env.name)}</a> <span class="muted">${plural(env.identities.length, 'identity', 'identities')}</span></li>`,
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

const VERDICT_MARK: Readonly<Record<NeverProof['verdict'], string>> = {
  holds: '✔',
  violated: '✖',
  unproven: '?',
}

function neverList(identity: IdentityCheck): string {
  if (identity.never.length === 0) return ''
  const items = identity.never.map((proof) => {
    const what = `${codeInline(proof.actions)} on ${codeInline(proof.resources.map(resourceText))}`
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

// ---------------------------------------------------------------------------------------------
// Findings

function findingsSection(result: CheckResult): string {
  if (result.findings.length === 0)
    return `<section id="findings"><h2>Findings</h2><p class="ok">None.</p></section>`
  const rows = result.findings.map((f, i) => findingRow(f, i))
  return `<section id="findings">
<h2>Findings <span class="muted">${result.findings.length}</span></h2>
<table class="findings">
<thead><tr><th scope="col">Severity</th><th scope="col">ID</th><th scope="col">Environment / identity</th><th scope="col">Title</th><th scope="col">Detail</th><th scope="col">Location</th><th scope="col">Link</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`
}

function findingRow(f: Finding, index: number): string {
  const where = `<a href="#${esc(identityAnchor(f.environment, f.identity))}">${esc(`${f.environment}/${f.identity}`)}</a>`
  const locations = f.locations.map(locatedHtml).join('<br>')
  return `<tr id="finding-${index + 1}" class="sev-row-${f.severity}"><td><span class="pill sev-${f.severity}">${f.severity}</span></td><td><code>${esc(f.id)}</code></td><td>${where}</td><td>${esc(f.title)}</td><td class="detail">${esc(f.detail)}</td><td class="where">${locations}</td><td>${linkHtml(f.link)}</td></tr>`
}

function linkHtml(link: string | undefined): string {
  if (link === undefined) return ''
  // Only web links become links: anything else (a `javascript:` URL) stays text.
  if (!/^https?:\/\//i.test(link)) return `<code>${esc(link)}</code>`
  const text = link.replace(/^https?:\/\//i, '')
  return `<a href="${esc(link)}" rel="noopener noreferrer">${esc(text)}</a>`
}

// ---------------------------------------------------------------------------------------------
// The diagram: resources ← identities → key stores → consumers, laid out in bands, one per
// identity, so every node sits level with the identity that brought it in.

type Column = 'resource' | 'identity' | 'store' | 'consumer'
const COLUMNS: readonly Column[] = ['resource', 'identity', 'store', 'consumer']
const COLUMN_HEAD: Readonly<Record<Column, string>> = {
  resource: 'reaches',
  identity: 'identities',
  store: 'key stores',
  consumer: 'consumers',
}
const COLUMN_WIDTH: Readonly<Record<Column, number>> = {
  resource: 260,
  identity: 210,
  store: 240,
  consumer: 220,
}
const NODE_HEIGHT = 46
const PITCH = 60
const GAP_X = 84
const MARGIN = 16
const TOP = 40
/** Estimated advance of one character, for truncating labels without measuring them. */
const LABEL_CHAR = 8
const SUB_CHAR = 6.4

interface DiagramNode {
  readonly key: string
  readonly column: Column
  /** The identity (by index) whose band holds the node: the first one that needs it. */
  readonly band: number
  readonly label: string
  readonly sub: string
  readonly tip: string
  readonly classes: string
  /** Labels that are ARNs keep their tail when cut, the part that tells them apart. */
  readonly keepTail: boolean
  readonly mark?: string
}

type EdgeKind = 'key' | 'consumer' | 'reach'

interface DiagramEdge {
  readonly from: string
  readonly to: string
  readonly kind: EdgeKind
  readonly level?: AccessLevel
  readonly tip: string
}

interface Graph {
  readonly nodes: readonly DiagramNode[]
  readonly edges: readonly DiagramEdge[]
}

function graphOf(result: CheckResult, env: EnvironmentCheck): Graph {
  const nodes = new Map<string, DiagramNode>()
  const edges = new Map<string, DiagramEdge>()
  const add = (node: DiagramNode) => {
    if (!nodes.has(node.key)) nodes.set(node.key, node)
  }
  const connect = (edge: DiagramEdge) => {
    const key = `${edge.from}\n${edge.to}`
    const drawn = edges.get(key)
    // An identity that also reaches its own key store: one edge, both said in its tooltip.
    if (drawn === undefined) edges.set(key, edge)
    else edges.set(key, { ...drawn, tip: `${drawn.tip}\n${edge.tip}` })
  }
  // Stores first, so an identity that reaches another's key store points at that store.
  env.identities.forEach((identity, band) => {
    if (identity.store !== undefined) add(storeNode(identity.store, band))
  })
  env.identities.forEach((identity, band) => {
    const self = `i:${identity.id}`
    add(identityNode(result, env, identity, band))
    const store = identity.store
    const storeKey = store === undefined ? undefined : `s:${store.arn}`
    if (store !== undefined && storeKey !== undefined)
      connect({
        from: self,
        to: storeKey,
        kind: 'key',
        tip: `${identity.id}: key stored in ${store.name}`,
      })
    for (const consumer of identity.consumers) {
      const name = `${consumer.namespace}/${consumer.secret}`
      const key = `c:${name}`
      add({
        key,
        column: 'consumer',
        band,
        label: consumer.secret,
        sub: `Kubernetes secret in ${consumer.namespace}`,
        tip: `Kubernetes secret ${consumer.secret} in namespace ${consumer.namespace}`,
        classes: 'node consumer',
        keepTail: false,
      })
      connect({
        from: storeKey ?? self,
        to: key,
        kind: 'consumer',
        tip: `${identity.id}'s key is delivered to ${name}`,
      })
    }
    for (const [target, reach] of reachesOf(identity)) {
      const key = nodes.has(`s:${target}`) ? `s:${target}` : `r:${target}`
      if (key.startsWith('r:')) add(resourceNode(target, band))
      connect({
        from: self,
        to: key,
        kind: 'reach',
        level: reach.level,
        tip: `${identity.id} reaches ${resourceText(target)}: ${reach.levels.join(', ')}`,
      })
    }
  })
  return { nodes: [...nodes.values()], edges: [...edges.values()] }
}

interface ResourceReach {
  /** The most sensitive access level whose actions reach the resource. */
  level: AccessLevel
  /** Every such level, least sensitive first. */
  readonly levels: AccessLevel[]
}

/** Per resource pattern an identity reaches, in the order its blast radius names them. */
function reachesOf(identity: IdentityCheck): Map<string, ResourceReach> {
  const out = new Map<string, ResourceReach>()
  for (const service of identity.radius.services)
    for (const level of service.levels)
      for (const resource of level.resources) {
        const seen = out.get(resource)
        if (seen === undefined) {
          out.set(resource, {
            level: level.level,
            levels: [level.level],
          })
          continue
        }
        if (ACCESS_LEVELS.indexOf(level.level) > ACCESS_LEVELS.indexOf(seen.level))
          seen.level = level.level
        if (!seen.levels.includes(level.level)) seen.levels.push(level.level)
      }
  for (const reach of out.values())
    reach.levels.sort((a, b) => ACCESS_LEVELS.indexOf(a) - ACCESS_LEVELS.indexOf(b))
  return out
}

function identityNode(
  result: CheckResult,
  env: EnvironmentCheck,
  identity: IdentityCheck,
  band: number,
): DiagramNode {
  const own = result.findings.filter(
    (f) => f.environment === env.name && f.identity === identity.id,
  )
  const worst = [...SEVERITIES].reverse().find((s) => own.some((f) => f.severity === s))
  const verdicts = identity.never.map((n) => n.verdict)
  const verdict = verdicts.includes('violated')
    ? 'violated'
    : verdicts.includes('unproven')
      ? 'unproven'
      : verdicts.length > 0
        ? 'holds'
        : undefined
  const tip = [
    identity.arn,
    plural(identity.radius.actions, 'action'),
    identity.never.length === 0
      ? 'no never assertions'
      : `never: ${(['holds', 'violated', 'unproven'] as const)
          .map((v) => `${verdicts.filter((x) => x === v).length} ${v}`)
          .join(', ')}`,
    `findings: ${own.length === 0 ? 'none' : own.map((f) => `${f.id} ${f.severity}`).join(', ')}`,
  ].join('\n')
  return {
    key: `i:${identity.id}`,
    column: 'identity',
    band,
    label: identity.id,
    sub: `${identity.type} ${identity.name}`,
    tip,
    classes: `node identity${worst === undefined ? '' : ` worst-${worst}`}${verdict === undefined ? '' : ` never-${verdict}`}`,
    keepTail: false,
    ...(verdict === undefined ? {} : { mark: VERDICT_MARK[verdict] }),
  }
}

function storeNode(store: StoreSummary, band: number): DiagramNode {
  return {
    key: `s:${store.arn}`,
    column: 'store',
    band,
    label: store.name,
    sub: storeKind(store),
    tip: store.arn,
    classes: 'node store',
    keepTail: false,
  }
}

function resourceNode(resource: string, band: number): DiagramNode {
  if (resource === '*')
    return {
      key: 'r:*',
      column: 'resource',
      band,
      label: 'any resource',
      sub: '*',
      tip: '* (every resource, or actions without a resource type)',
      classes: 'node resource any',
      keepTail: false,
    }
  const parts = resource.split(':')
  const isArn = parts[0] === 'arn' && parts.length >= 6
  return {
    key: `r:${resource}`,
    column: 'resource',
    band,
    label: isArn ? parts.slice(5).join(':') : resource,
    sub: isArn
      ? [parts[2], parts[3], parts[4]].filter((p) => p !== undefined && p !== '').join(' · ')
      : 'resource',
    tip: resource,
    classes: 'node resource',
    keepTail: isArn,
  }
}

interface Placed {
  readonly node: DiagramNode
  readonly x: number
  readonly y: number
  readonly width: number
}

function diagram(result: CheckResult, env: EnvironmentCheck, envIndex: number): string {
  const graph = graphOf(result, env)
  const columns = COLUMNS.filter((c) => graph.nodes.some((n) => n.column === c))
  const bands = env.identities.length
  // A band is as tall as the longest column it brings in; each column is centred in its band.
  const rows = Array.from({ length: bands }, (_, band) =>
    Math.max(1, ...columns.map((c) => count(graph.nodes, c, band))),
  )
  const bandTop: number[] = []
  let totalRows = 0
  for (const n of rows) {
    bandTop.push(totalRows)
    totalRows += n
  }
  const columnX = new Map<Column, number>()
  let x = MARGIN
  for (const c of columns) {
    columnX.set(c, x)
    x += COLUMN_WIDTH[c] + GAP_X
  }
  const width = Math.max(x - GAP_X + MARGIN, 320)
  const height = TOP + Math.max(totalRows, 1) * PITCH - (PITCH - NODE_HEIGHT) + MARGIN
  const placed = new Map<string, Placed>()
  for (const c of columns)
    for (let band = 0; band < bands; band++) {
      const inBand = graph.nodes.filter((n) => n.column === c && n.band === band)
      const offset = ((rows[band] ?? 1) - inBand.length) / 2
      inBand.forEach((node, slot) =>
        placed.set(node.key, {
          node,
          x: columnX.get(c) ?? MARGIN,
          y: Math.round(TOP + ((bandTop[band] ?? 0) + offset + slot) * PITCH),
          width: COLUMN_WIDTH[c],
        }),
      )
    }

  const prefix = `kw${envIndex}`
  const stores = count(graph.nodes, 'store')
  const consumers = count(graph.nodes, 'consumer')
  const resources = count(graph.nodes, 'resource')
  const label = `Diagram of environment ${env.name}: ${plural(env.identities.length, 'identity', 'identities')}, ${plural(stores, 'key store')}, ${plural(consumers, 'consumer')}, ${plural(resources, 'resource pattern')} reached`
  const heads = columns.map(
    (c) =>
      `<text class="col-head" x="${columnX.get(c) ?? MARGIN}" y="${TOP - 16}">${esc(COLUMN_HEAD[c])}</text>`,
  )
  const markers = [
    'key',
    'consumer',
    ...ACCESS_LEVELS.filter((l) => graph.edges.some((e) => e.level === l)).map(levelClass),
  ].map(
    (name) =>
      `<marker id="${prefix}-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow ${name}" d="M0 0L10 5L0 10z"/></marker>`,
  )
  const edges = routes(graph.edges, placed).map((route) => edgeSvg(route, prefix))
  const nodes = [...placed.values()].map(nodeSvg)
  const empty =
    graph.nodes.length === 0
      ? `<text class="empty" x="${MARGIN}" y="${TOP + 20}">No identities in this environment.</text>`
      : ''
  return `<figure class="diagram" id="diagram-${esc(anchorPart(env.name))}">
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs>${markers.join('')}</defs>
${heads.join('\n')}
<g class="edges">
${edges.join('\n')}
</g>
<g class="nodes">
${nodes.join('\n')}
</g>
${empty}
</svg>
<figcaption>${legend(graph)}</figcaption>
</figure>`
}

function count(nodes: readonly DiagramNode[], column: Column, band?: number): number {
  return nodes.filter((n) => n.column === column && (band === undefined || n.band === band)).length
}

interface Route {
  readonly edge: DiagramEdge
  readonly x1: number
  readonly y1: number
  readonly x2: number
  readonly y2: number
}

/**
 * Where each edge leaves and enters its nodes: the edges meeting one side of a node are spread
 * over its height, ordered by where their other end is, so they neither overlap nor cross there.
 */
function routes(edges: readonly DiagramEdge[], placed: ReadonlyMap<string, Placed>): Route[] {
  interface End {
    readonly index: number
    readonly end: 'from' | 'to'
    readonly other: number
  }
  const sides = new Map<string, End[]>()
  const ends: { x1: number; x2: number; from: Placed; to: Placed }[] = []
  edges.forEach((edge, index) => {
    const from = placed.get(edge.from)
    const to = placed.get(edge.to)
    if (from === undefined || to === undefined) return
    const rightward = from.x < to.x
    ends[index] = {
      x1: rightward ? from.x + from.width : from.x,
      x2: rightward ? to.x : to.x + to.width,
      from,
      to,
    }
    const push = (side: string, end: End) => sides.set(side, [...(sides.get(side) ?? []), end])
    push(`${edge.from}\n${rightward ? 'right' : 'left'}`, { index, end: 'from', other: to.y })
    push(`${edge.to}\n${rightward ? 'left' : 'right'}`, { index, end: 'to', other: from.y })
  })
  const y = new Map<string, number>()
  for (const group of sides.values()) {
    group.sort((a, b) => a.other - b.other || a.index - b.index)
    const step = group.length < 2 ? 0 : Math.min(8, (NODE_HEIGHT - 16) / (group.length - 1))
    group.forEach((end, k) => {
      const at = ends[end.index]
      const node = end.end === 'from' ? at?.from : at?.to
      if (node === undefined) return
      const offset = (k - (group.length - 1) / 2) * step
      y.set(`${end.index}\n${end.end}`, Math.round(node.y + NODE_HEIGHT / 2 + offset))
    })
  }
  return edges.flatMap((edge, index) => {
    const at = ends[index]
    const y1 = y.get(`${index}\nfrom`)
    const y2 = y.get(`${index}\nto`)
    if (at === undefined || y1 === undefined || y2 === undefined) return []
    return [{ edge, x1: at.x1, y1, x2: at.x2, y2 }]
  })
}

function edgeSvg({ edge, x1, y1, x2, y2 }: Route, prefix: string): string {
  const mid = Math.round((x1 + x2) / 2)
  const name = edge.level === undefined ? edge.kind : levelClass(edge.level)
  return `<path class="edge ${edge.kind} ${name}" d="M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}" marker-end="url(#${prefix}-${name})"><title>${esc(edge.tip)}</title></path>`
}

function nodeSvg({ node, x, y, width }: Placed): string {
  const room = width - 24 - (node.mark === undefined ? 0 : 16)
  const label = cut(node.label, Math.floor(room / LABEL_CHAR), node.keepTail)
  const sub = cut(node.sub, Math.floor((width - 24) / SUB_CHAR), false)
  const mark =
    node.mark === undefined
      ? ''
      : `<text class="mark" x="${x + width - 10}" y="${y + 20}" text-anchor="end">${esc(node.mark)}</text>`
  return `<g class="${esc(node.classes)}" data-key="${esc(node.key)}"><title>${esc(node.tip)}</title><rect x="${x}" y="${y}" width="${width}" height="${NODE_HEIGHT}" rx="8"/><text class="label" x="${x + 12}" y="${y + 20}">${esc(label)}</text><text class="sub" x="${x + 12}" y="${y + 36}">${esc(sub)}</text>${mark}</g>`
}

function legend(graph: Graph): string {
  const items = [
    graph.edges.some((e) => e.kind === 'key')
      ? '<li><span class="swatch key"></span>key stored in</li>'
      : '',
    graph.edges.some((e) => e.kind === 'consumer')
      ? '<li><span class="swatch consumer"></span>key delivered to</li>'
      : '',
    ...ACCESS_LEVELS.filter((l) => graph.edges.some((e) => e.level === l)).map(
      (l) => `<li><span class="swatch ${levelClass(l)}"></span>can ${esc(l)}</li>`,
    ),
  ].filter((t) => t !== '')
  if (graph.edges.some((e) => e.kind === 'reach'))
    items.push('<li>each reach in its most sensitive access level</li>')
  return `<ul class="legend">${items.join('')}</ul>`
}

/** Cut a label to `max` characters, keeping its head or, for ARNs, its tail. */
function cut(text: string, max: number, keepTail: boolean): string {
  // By code point, so a cut never splits a surrogate pair.
  const chars = Array.from(text)
  if (chars.length <= max || max < 2) return text
  return keepTail ? `…${chars.slice(-(max - 1)).join('')}` : `${chars.slice(0, max - 1).join('')}…`
}

// ---------------------------------------------------------------------------------------------
// Small pieces

function locatedHtml(at: Located): string {
  return `<span class="loc" title="${esc(at.what)}"><code>${esc(`${at.location.file}:${at.location.line}`)}</code> <span class="muted">${esc(at.what)}</span></span>`
}

function codeInline(items: readonly string[]): string {
  return items.map((i) => `<code>${esc(i)}</code>`).join(', ')
}

function resourceText(resource: string): string {
  return resource === '*' ? '* (any resource)' : resource
}

function storeKind(store: StoreSummary): string {
  return store.type === 'secretsmanager' ? 'Secrets Manager secret' : 'SSM parameter'
}

const LEVEL_CLASS: Readonly<Record<AccessLevel, string>> = {
  List: 'lvl-list',
  Read: 'lvl-read',
  Tagging: 'lvl-tagging',
  Write: 'lvl-write',
  'Permissions management': 'lvl-permissions',
}

function levelClass(level: AccessLevel): string {
  return LEVEL_CLASS[level]
}

/** Names become part of ids: whitespace is the one thing an HTML id cannot hold. */
function anchorPart(name: string): string {
  return name.replace(/\s+/g, '-')
}

function envAnchor(env: string): string {
  return `env-${anchorPart(env)}`
}

function identityAnchor(env: string, identity: string): string {
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
function esc(text: string): string {
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

const CSS = `
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
