import { UsageError } from '../errors.ts'
import { parsePolicy, type Policy, type PolicyKind } from '../policy/eval/policy.ts'
import type { Io } from './io.ts'
import { readManifest } from './manifest-files.ts'

/** A policy document from a JSON file, named after the file in every reason and error. */
export async function readPolicy(io: Io, file: string, kind: PolicyKind): Promise<Policy> {
  const { text } = await readManifest(io, file)
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new UsageError('invalid-policy', `${file} is not valid JSON: ${detail}`)
  }
  const parsed = parsePolicy(document, file, kind)
  if (parsed.kind === 'error') {
    throw new UsageError(
      'invalid-policy',
      `${file} is not a valid ${kind} policy:\n  ${parsed.errors.map((e) => e.message).join('\n  ')}`,
    )
  }
  return parsed.policy
}

/** `--context key=value`, repeated; a key given twice becomes multi-valued. */
export function contextOf(pairs: readonly string[]): Record<string, string[]> {
  const context: Record<string, string[]> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new UsageError('usage', `--context expects key=value, got "${pair}".`)
    const key = pair.slice(0, eq)
    context[key] = [...(context[key] ?? []), pair.slice(eq + 1)]
  }
  return context
}
