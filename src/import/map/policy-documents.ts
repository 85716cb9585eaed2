/**
 * Policy arguments (`policy`, `assume_role_policy`) through the policy readers, with strings
 * turned into templates in this environment's scope.
 */
import type { DraftStatement, DraftTrust } from '../draft.ts'
import type { Loc, TfValue } from '../terraform/value.ts'
import type { TrustContext } from '../policy/context.ts'
import { decodePolicy } from '../policy/decode.ts'
import { toStatements } from '../policy/statements.ts'
import { toTrust } from '../policy/trust.ts'
import { template, type MapContext } from './context.ts'
import { issuerOf } from './references.ts'

export function policyContext(cx: MapContext): TrustContext {
  return {
    template: (value, loc) => template(cx, value, loc, 'a policy statement'),
    report: (problem) => cx.problems.push(problem),
    issuerOf: (value) => {
      const origin = 'origin' in value ? value.origin : undefined
      const attr =
        value.kind === 'string' && value.segments.length === 1 && value.segments[0]?.kind === 'attr'
          ? value.segments[0].address
          : undefined
      return issuerOf(cx, origin?.address ?? attr)
    },
  }
}

export function readPolicy(
  value: TfValue,
  loc: Loc,
  context: TrustContext,
): { readonly allow: DraftStatement[]; readonly deny: DraftStatement[] } | undefined {
  const document = decodePolicy(value, loc, context)
  return document === undefined ? undefined : toStatements(document, loc, context)
}

/** The manifest's `allow` and `deny`, each only when it has statements. */
export function statementFields(statements: {
  readonly allow: readonly DraftStatement[]
  readonly deny: readonly DraftStatement[]
}): { allow?: DraftStatement[]; deny?: DraftStatement[] } {
  return {
    ...(statements.allow.length > 0 ? { allow: [...statements.allow] } : {}),
    ...(statements.deny.length > 0 ? { deny: [...statements.deny] } : {}),
  }
}

export function readTrust(value: TfValue, loc: Loc, context: TrustContext): DraftTrust | undefined {
  const document = decodePolicy(value, loc, context)
  return document === undefined ? undefined : toTrust(document, loc, context)
}
