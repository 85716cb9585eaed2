/**
 * The environments' entries as one manifest. Templates keep variables symbolic, so an identity
 * named `${project}-uploader-${env}` is one entry whatever the environment; entries that still
 * differ, or exist in some environments only, cannot be written as one and are reported.
 */
import type { ImportProblem } from './terraform/config.ts'
import type { Loc } from './terraform/value.ts'
import type { TerraformRisk } from './risks.ts'
import type { EnvironmentImport } from './map/environment.ts'
import type { Entry } from './map/identities.ts'
import type { Draft } from './map/context.ts'
import { reconcile, type EnvironmentValues } from './per-environment.ts'
import { partitionOf } from '../model/arn.ts'

export interface EnvironmentSettings {
  readonly name: string
  readonly account: string
  readonly region: string
}

/** Where an entry of the manifest came from, for comments and for the report. */
export interface EntrySource {
  readonly section: 'identities' | 'policies'
  readonly id: string
  readonly address: string
  readonly loc: Loc
}

export interface Merged {
  readonly manifest: Draft
  readonly sources: readonly EntrySource[]
  readonly problems: readonly ImportProblem[]
  readonly risks: readonly TerraformRisk[]
  readonly claimed: readonly string[]
}

export function merge(
  project: string,
  settings: readonly EnvironmentSettings[],
  imports: readonly EnvironmentImport[],
): Merged {
  const problems: ImportProblem[] = []
  const sources: EntrySource[] = []
  const added = new Map(settings.map((env) => [env.name, new Map<string, string>()]))
  const valuesOf = (env: string): EnvironmentValues => {
    const setting = settings.find((s) => s.name === env)
    const vars = imports.find((i) => i.name === env)?.vars ?? new Map<string, string>()
    const own = added.get(env) ?? new Map<string, string>()
    return {
      name: env,
      values: new Map([
        ...vars,
        ...own,
        ['env', env],
        ['project', project],
        ['region', setting?.region ?? ''],
        ['account', setting?.account ?? ''],
        ['partition', partitionOf(setting?.region ?? '')],
      ]),
      added: own,
    }
  }
  const section = (name: 'identities' | 'policies') => {
    const out: Record<string, Draft> = {}
    const ids = [...new Set(imports.flatMap((i) => i[name].map((e) => e.id)))]
    for (const id of ids) {
      const found = imports.map((i) => ({ env: i.name, entry: i[name].find((e) => e.id === id) }))
      const present = found.filter((f): f is { env: string; entry: Entry } => f.entry !== undefined)
      const first = present[0]
      if (first === undefined) continue
      const { resource } = first.entry
      sources.push({ section: name, id, address: resource.address, loc: resource.loc })
      const missing = found.filter((f) => f.entry === undefined).map((f) => f.env)
      if (missing.length > 0)
        problems.push({
          severity: 'error',
          message: `${resource.address} exists in ${present.map((p) => p.env).join(', ')} but not in ${missing.join(', ')}; a manifest declares the same identities in every environment.`,
          loc: resource.loc,
          hint: 'Import each environment on its own (`--env NAME=FILE`), or make the resource unconditional.',
        })
      const envs = present.map((p) => valuesOf(p.env))
      const reconciled = reconcile(
        present.map((p) => p.entry.draft),
        envs,
        [name, id],
      )
      if (reconciled !== undefined) {
        out[id] = reconciled as Draft
        continue
      }
      for (const other of present.slice(1)) {
        const difference = firstDifference(first.entry.draft, other.entry.draft, [])
        if (difference !== undefined)
          problems.push({
            severity: 'error',
            message: `${resource.address} differs between ${first.env} and ${other.env} at \`${difference.path}\` in a way a manifest cannot say: ${difference.a} vs ${difference.b}.`,
            loc: resource.loc,
            hint: 'Import the environments one at a time (`--env NAME=FILE`), or make the Terraform the same in each.',
          })
      }
      out[id] = first.entry.draft
    }
    return out
  }
  const policies = section('policies')
  const identities = section('identities')
  // Only what the entries still name: a variable of a value later reconciled may be left over.
  const named = new Set(
    [...JSON.stringify({ policies, identities }).matchAll(/\$\{([A-Za-z0-9_-]+)\}/g)].map(
      (m) => m[1],
    ),
  )
  const environments: Record<string, Draft> = {}
  for (const env of settings) {
    const vars = new Map(
      [
        ...(imports.find((i) => i.name === env.name)?.vars ?? []),
        ...(added.get(env.name) ?? []),
      ].filter(([name]) => named.has(name)),
    )
    environments[env.name] = {
      account: env.account,
      region: env.region,
      ...(vars.size === 0
        ? {}
        : { vars: Object.fromEntries([...vars].sort(([a], [b]) => a.localeCompare(b))) }),
    }
  }
  return {
    manifest: {
      version: 1,
      project,
      environments,
      ...(Object.keys(policies).length > 0 ? { policies } : {}),
      identities,
    },
    sources,
    problems: dedupeProblems([...imports.flatMap((i) => i.problems), ...problems]),
    risks: mergeRisks(imports.flatMap((i) => i.risks)),
    claimed: [...new Set(imports.flatMap((i) => [...i.claimed]))].sort(),
  }
}

function firstDifference(
  a: unknown,
  b: unknown,
  path: readonly string[],
): { path: string; a: string; b: string } | undefined {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        [...path, key],
      )
      if (found !== undefined) return found
    }
    return undefined
  }
  if (a === b) return undefined
  return {
    path: path.join('.'),
    a: a === undefined ? 'nothing' : JSON.stringify(a),
    b: b === undefined ? 'nothing' : JSON.stringify(b),
  }
}

function dedupeProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.loc.file}:${p.loc.line}:${p.loc.column}:${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function mergeRisks(risks: readonly TerraformRisk[]): TerraformRisk[] {
  const byKey = new Map<string, TerraformRisk>()
  for (const risk of risks) {
    const key = `${risk.rule}|${risk.address}`
    const known = byKey.get(key)
    byKey.set(
      key,
      known === undefined
        ? risk
        : { ...known, environments: [...new Set([...known.environments, ...risk.environments])] },
    )
  }
  return [...byKey.values()]
}
