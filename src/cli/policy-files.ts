import { UsageError } from '../errors.ts'
import type { PolicySet } from '../policy/eval/authorize.ts'
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

/** The flags `eval` and `effective` share, for parseArgs. */
export const POLICY_OPTIONS = {
  principal: { type: 'string' },
  policy: { type: 'string', multiple: true },
  boundary: { type: 'string', multiple: true },
  scp: { type: 'string', multiple: true },
  'session-policy': { type: 'string' },
  context: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const

/** The policy flags `eval` and `effective` share: --policy, --boundary, --scp, --session-policy. */
export interface PolicyFlags {
  readonly policy?: readonly string[] | undefined
  readonly boundary?: readonly string[] | undefined
  readonly scp?: readonly string[] | undefined
  readonly 'session-policy'?: string | undefined
  readonly 'resource-policy'?: string | undefined
}

export async function readPolicySet(io: Io, flags: PolicyFlags): Promise<PolicySet> {
  const many = (files: readonly string[] | undefined, kind: PolicyKind) =>
    Promise.all((files ?? []).map((f) => readPolicy(io, f, kind)))
  const one = (file: string | undefined, kind: PolicyKind) =>
    file === undefined ? undefined : readPolicy(io, file, kind)
  const [identity, boundaries, scps, session, resource] = await Promise.all([
    many(flags.policy, 'identity'),
    many(flags.boundary, 'boundary'),
    many(flags.scp, 'scp'),
    one(flags['session-policy'], 'session'),
    one(flags['resource-policy'], 'resource'),
  ])
  return {
    identity,
    boundaries,
    // Each --scp is one organization level, root first.
    scps: scps.map((p) => [p]),
    ...(session === undefined ? {} : { session }),
    ...(resource === undefined ? {} : { resource }),
  }
}
