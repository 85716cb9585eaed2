/**
 * Is a condition key one AWS defines? IAM accepts any key and simply finds it missing from every
 * request, so a misspelled key makes a condition quietly false — or a negated deny quietly true.
 * Catalog keys are patterns: `aws:ResourceTag/${TagKey}` covers `aws:ResourceTag/env`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { suggest } from '../model/suggest.ts'
import type { Catalog } from './catalog.ts'

export type KeyCheck =
  | { readonly known: true }
  | {
      readonly known: false
      readonly reason: 'global' | 'service' | 'unchecked'
      readonly suggestions: readonly string[]
    }

/** Keys that are not a service's: OIDC issuers (`token.actions.githubusercontent.com:sub`), SAML. */
function isForeign(prefix: string): boolean {
  return prefix.includes('.') || prefix === 'saml' || prefix.startsWith('cognito-identity')
}

export function checkConditionKey(catalog: Catalog, key: string): KeyCheck {
  const colon = key.indexOf(':')
  const prefix = key.slice(0, colon).toLowerCase()
  if (colon <= 0 || isForeign(prefix)) return { known: true }
  if (prefix === 'aws') return matchIn(catalog.globalConditionKeys, key, 'global')
  const service = catalog.service(prefix)
  // Not loaded means the manifest's actions name no such service: nothing to compare with.
  if (service === undefined) return { known: true }
  return matchIn([...service.conditionKeys, ...catalog.globalConditionKeys], key, 'service')
}

function matchIn(patterns: readonly string[], key: string, reason: 'global' | 'service'): KeyCheck {
  const lower = key.toLowerCase()
  for (const pattern of patterns) if (keyPattern(pattern).test(lower)) return { known: true }
  const plain = patterns.map((p) => p.replace(/\/(\$\{[^}]*\}|tag-key)$/, '/'))
  return { known: false, reason, suggestions: suggest(key, plain).slice(0, 2) }
}

const compiled = new Map<string, RegExp>()

function keyPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern)
  if (regex === undefined) {
    const source = pattern
      .toLowerCase()
      .split(/\$\{[^}]*\}|(?<=\/)tag-key$/)
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
      .join('.+')
    regex = new RegExp(`^${source}$`)
    compiled.set(pattern, regex)
  }
  return regex
}
