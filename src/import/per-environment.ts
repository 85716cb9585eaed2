/**
 * Values that differ between environments in a way the Terraform's variables do not carry —
 * `local.domain = var.environment == "prod" ? "x" : "y"` — are still known exactly in each
 * environment. They become a manifest variable of their own, with each environment's value, so
 * one entry serves every environment without anything being guessed.
 */
import type { Draft } from './map/context.ts'
import { escapeText } from './templates.ts'

export interface EnvironmentValues {
  readonly name: string
  /** Built-ins and variables: what `${…}` in this environment's templates stands for. */
  readonly values: ReadonlyMap<string, string>
  /** Variables this reconciliation adds; written into the environment's `vars`. */
  readonly added: Map<string, string>
}

const SEPARATORS = ['/', ':']
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g

/** The text a template stands for in one environment, or undefined if it names anything else. */
export function concreteOf(
  template: string,
  values: ReadonlyMap<string, string>,
): string | undefined {
  const missing: string[] = []
  const text = template.replace(REFERENCE, (match, name: string | undefined) => {
    if (name === undefined) return '${'
    const value = values.get(name)
    if (value === undefined) missing.push(name)
    return value ?? match
  })
  return missing.length > 0 ? undefined : text
}

function commonPrefix(texts: readonly string[]): string {
  const [first = ''] = texts
  let n = 0
  while (n < first.length && texts.every((t) => t[n] === first[n])) n++
  return first.slice(0, n)
}

function commonSuffix(texts: readonly string[], prefix: number): string {
  const [first = ''] = texts
  let n = 0
  while (
    n < first.length - prefix &&
    texts.every(
      (t) => t.length - n - 1 >= prefix && t[t.length - n - 1] === first[first.length - n - 1],
    )
  )
    n++
  return n === 0 ? '' : first.slice(first.length - n)
}

function variableName(
  path: readonly string[],
  envs: readonly EnvironmentValues[],
  values: readonly string[],
): string {
  const last = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? 'value'
  const base = last
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^[^A-Za-z_]/, '_$&')
    .toLowerCase()
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`
    const taken = envs.some((e) => e.values.has(name))
    const same = envs.every((e, i) => e.added.get(name) === values[i])
    if (same || (!taken && envs.every((e) => !e.added.has(name)))) return name
  }
}

/**
 * The drafts of one entry, one per environment, made equal where strings differ but each is
 * concrete; undefined where they cannot be (then the caller reports the difference).
 */
export function reconcile(
  drafts: readonly unknown[],
  envs: readonly EnvironmentValues[],
  path: readonly string[],
): unknown {
  const [first] = drafts
  if (drafts.every((d) => JSON.stringify(d) === JSON.stringify(first))) return first
  if (drafts.every((d) => typeof d === 'string')) {
    const texts = drafts.map((d, i) => concreteOf(d, envs[i]?.values ?? new Map()))
    if (texts.some((t) => t === undefined)) return undefined
    const concrete = texts.map((t) => t ?? '')
    // Cut at separators, so the variable holds a whole host or path segment, not `dev.`.
    const shared = commonPrefix(concrete)
    const prefix = shared.slice(0, Math.max(...SEPARATORS.map((c) => shared.lastIndexOf(c))) + 1)
    const tail = commonSuffix(concrete, prefix.length)
    const cut = Math.min(
      ...SEPARATORS.map((c) => (tail.includes(c) ? tail.indexOf(c) : tail.length)),
    )
    const suffix = tail.slice(cut)
    const middles = concrete.map((t) => t.slice(prefix.length, t.length - suffix.length))
    const name = variableName(path, envs, middles)
    envs.forEach((e, i) => e.added.set(name, middles[i] ?? ''))
    return `${escapeText(prefix)}\${${name}}${escapeText(suffix)}`
  }
  if (drafts.every((d) => Array.isArray(d))) {
    const lists = drafts as unknown[][]
    if (lists.some((l) => l.length !== lists[0]?.length)) return undefined
    const out: unknown[] = []
    for (let i = 0; i < (lists[0]?.length ?? 0); i++) {
      const item = reconcile(
        lists.map((l) => l[i]),
        envs,
        [...path, String(i)],
      )
      if (item === undefined) return undefined
      out.push(item)
    }
    return out
  }
  if (drafts.every((d) => typeof d === 'object' && d !== null && !Array.isArray(d))) {
    const objects = drafts as Draft[]
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))]
    const out: Draft = {}
    for (const key of keys) {
      const fields = objects.map((o) => o[key])
      if (fields.every((f) => f === undefined)) continue
      if (fields.some((f) => f === undefined)) return undefined
      const field = reconcile(fields, envs, [...path, key])
      if (field === undefined) return undefined
      out[key] = field
    }
    return out
  }
  return undefined
}
