/**
 * The check report's diagram: resources ← identities → key stores → consumers, laid out in
 * bands, one per identity, so every node sits level with the identity that brought it in. Drawn
 * as inline SVG by this code alone, so the page needs nothing from elsewhere.
 */
import type {
  AccessLevel,
  CheckResult,
  EnvironmentCheck,
  IdentityCheck,
  StoreSummary,
} from '../analyze/check-result.ts'
import { ACCESS_LEVELS, SEVERITIES } from '../analyze/check-result.ts'
import { plural } from './diagnostics.ts'
import {
  VERDICT_MARK,
  anchorPart,
  esc,
  levelClass,
  resourceText,
  storeKind,
} from './check-html-parts.ts'

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

export function diagram(result: CheckResult, env: EnvironmentCheck, envIndex: number): string {
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
