/**
 * The imported manifest as YAML a person reviews before applying: a header saying where it came
 * from, and above each entry the Terraform resource it replaces.
 */
import { Document, isMap, isPair, isScalar } from 'yaml'
import type { Draft } from './map/context.ts'
import type { EntrySource } from './merge.ts'

/** Drops fields left undefined by values that could not be imported (they are reported). */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(clean)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = clean(field)
  return out
}

export function manifestYaml(
  manifest: Draft,
  sources: readonly EntrySource[],
  header: readonly string[],
): string {
  const document = new Document(clean(manifest))
  document.commentBefore = header.map((line) => ` ${line}`).join('\n')
  for (const source of sources) {
    const section = document.get(source.section)
    if (!isMap(section)) continue
    const pair = section.items.find(
      (p) => isPair(p) && isScalar(p.key) && p.key.value === source.id,
    )
    if (pair !== undefined && isScalar(pair.key))
      pair.key.commentBefore = ` ${source.address} (${source.loc.file}:${source.loc.line})`
  }
  return document.toString({ lineWidth: 100 })
}
