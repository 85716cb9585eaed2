/**
 * What a case exercises, so a test can insist that every element and operator occurs.
 */
import type { DiffCase, JsonValue, PolicyDocument } from './cases.ts'
import { CALLER_ACCOUNT } from './cases.ts'
import { KEYS, OPERATORS } from './keys.ts'

// ---------------------------------------------------------------------------------------------
// Coverage: what a case exercises, so a test can insist that every element and operator occurs

/** Every feature a large enough run must exercise. */
export const REQUIRED_FEATURES: readonly string[] = [
  'caller:user',
  'caller:session',
  'cross-account',
  'wildcard-only-action',
  ...(['identity', 'resource', 'boundary', 'scp', 'session'] as const).map((l) => `layer:${l}`),
  'scp-levels:3',
  ...['Allow', 'Deny'].map((e) => `effect:${e}`),
  ...['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal'].map(
    (e) => `element:${e}`,
  ),
  ...['exact', 'star', 'service-wide', 'prefix', 'suffix', 'one-char', 'case'].map(
    (a) => `action:${a}`,
  ),
  ...['exact', 'star', 'field-wildcard', 'one-char', 'variable', 'default', 'escape'].map(
    (r) => `resource:${r}`,
  ),
  ...['*', 'aws-*', 'account', 'root', 'user', 'role', 'session'].map((p) => `principal:${p}`),
  ...Object.values(OPERATORS)
    .flat()
    .map((o) => `operator:${o}`),
  'operator:Null',
  'qualifier:IfExists',
  'qualifier:ForAnyValue',
  'qualifier:ForAllValues',
  ...['${aws:username', '${aws:PrincipalTag/', ", '", '${*}', '${?}', '${$}'].map(
    (v) => `condition-variable:${v}`,
  ),
  'date:iso',
  'date:epoch',
  'ip:v4',
  'ip:v6',
  'context:missing-key',
  'context:multi-valued',
  'context:override-derived',
]

export function features(c: DiffCase): Set<string> {
  const out = new Set<string>()
  out.add(c.principal.includes(':assumed-role/') ? 'caller:session' : 'caller:user')
  if (c.resourceAccount !== CALLER_ACCOUNT) out.add('cross-account')
  if (c.resource === '*') out.add('wildcard-only-action')
  const layers: [string, PolicyDocument[]][] = [
    ['identity', c.identity],
    ['resource', c.resourcePolicy === undefined ? [] : [c.resourcePolicy]],
    ['boundary', c.boundary === undefined ? [] : [c.boundary]],
    ['scp', c.scps.flat()],
    ['session', c.session === undefined ? [] : [c.session]],
  ]
  if (c.scps.length === 3) out.add('scp-levels:3')
  const [service = '', name = ''] = c.action.split(':')
  for (const [layer, policies] of layers) {
    if (policies.length > 0) out.add(`layer:${layer}`)
    for (const s of policies.flatMap((p) => p.Statement)) {
      const effect = s['Effect']
      if (typeof effect === 'string') out.add(`effect:${effect}`)
      for (const element of Object.keys(s)) out.add(`element:${element}`)
      for (const a of strings(s['Action'] ?? s['NotAction'])) {
        if (a === c.action) out.add('action:exact')
        else if (a === '*') out.add('action:star')
        else if (a === `${service}:*`) out.add('action:service-wide')
        else if (a.toLowerCase() === c.action.toLowerCase()) out.add('action:case')
        else if (a.endsWith('*')) out.add('action:prefix')
        else if (a.startsWith(`${service}:*`)) out.add('action:suffix')
        else if (a.includes('?') && a.length === c.action.length && name !== '')
          out.add('action:one-char')
      }
      for (const r of strings(s['Resource'] ?? s['NotResource'])) {
        if (r === c.resource) out.add('resource:exact')
        else if (r === '*') out.add('resource:star')
        if (/^arn:[^:]*:[^:]*:[^:]*\*|^arn:[^:]*:[^:]*:\*|:1111111111\?\?:/.test(r))
          out.add('resource:field-wildcard')
        if (/\?/.test(r.replace(/\$\{\?\}/g, ''))) out.add('resource:one-char')
        if (/\$\{aws:[^},]+\}/.test(r)) out.add('resource:variable')
        if (r.includes("', '") || /, '/.test(r)) out.add('resource:default')
        if (/\$\{[*?$]\}/.test(r)) out.add('resource:escape')
      }
      for (const element of ['Principal', 'NotPrincipal']) {
        const p = s[element]
        if (p === undefined) continue
        if (p === '*') out.add('principal:*')
        for (const entry of typeof p === 'object' && p !== null && !Array.isArray(p)
          ? strings(p['AWS'])
          : []) {
          if (entry === '*') out.add('principal:aws-*')
          else if (/^\d{12}$/.test(entry)) out.add('principal:account')
          else if (entry.endsWith(':root')) out.add('principal:root')
          else if (entry.includes(':user/')) out.add('principal:user')
          else if (entry.includes(':role/')) out.add('principal:role')
          else if (entry.includes(':assumed-role/')) out.add('principal:session')
        }
      }
      const condition = s['Condition']
      if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) continue
      for (const [operator, block] of Object.entries(condition)) {
        const [, qualifier, base = '', ifExists] =
          /^(?:(ForAnyValue|ForAllValues):)?(.*?)(IfExists)?$/.exec(operator) ?? []
        out.add(`operator:${base}`)
        if (qualifier !== undefined) out.add(`qualifier:${qualifier}`)
        if (ifExists !== undefined) out.add('qualifier:IfExists')
        if (typeof block !== 'object' || block === null || Array.isArray(block)) continue
        for (const v of Object.values(block).flatMap(strings)) {
          for (const marker of ['${aws:username', '${aws:PrincipalTag/', ", '"]) {
            if (v.includes(marker)) out.add(`condition-variable:${marker}`)
          }
          for (const escape of ['${*}', '${?}', '${$}']) {
            if (v.includes(escape)) out.add(`condition-variable:${escape}`)
          }
          if (base.startsWith('Date')) out.add(/^\d+$/.test(v) ? 'date:epoch' : 'date:iso')
          if (base.includes('IpAddress')) out.add(v.includes(':') ? 'ip:v6' : 'ip:v4')
        }
      }
    }
  }
  const context = new Set(Object.keys(c.context).map((k) => k.toLowerCase()))
  for (const spec of KEYS) {
    const used = JSON.stringify(c).includes(`"${spec.key}"`)
    if (used && !context.has(spec.key.toLowerCase()) && spec.derived !== true)
      out.add('context:missing-key')
    if (spec.derived === true && context.has(spec.key.toLowerCase()))
      out.add('context:override-derived')
  }
  if (Object.values(c.context).some((v) => Array.isArray(v) && v.length > 1))
    out.add('context:multi-valued')
  return out
}

function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}
