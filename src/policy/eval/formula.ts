/**
 * Three-valued answers for requests whose context is only partly known. A condition on a key
 * nobody supplied is neither true nor false: it stays a formula, and the decision becomes
 * "allowed if …". Constants fold as formulas combine, so a formula that survives evaluation
 * really depends on the unknown keys.
 */

/** One condition test that could not be decided: `operator key values`, as written in a policy. */
export interface ConditionLeaf {
  readonly kind: 'condition'
  readonly operator: string
  readonly key: string
  readonly values: readonly string[]
  /** Where the test was written: policy name and statement, for reports. */
  readonly source: string
}

export type Formula =
  | boolean
  | ConditionLeaf
  | { readonly kind: 'and'; readonly terms: readonly Formula[] }
  | { readonly kind: 'or'; readonly terms: readonly Formula[] }
  | { readonly kind: 'not'; readonly term: Formula }

export function and(...terms: readonly Formula[]): Formula {
  const kept: Formula[] = []
  for (const term of terms) {
    if (term === false) return false
    if (term === true) continue
    if (typeof term === 'object' && term.kind === 'and') kept.push(...term.terms)
    else kept.push(term)
  }
  if (kept.length === 0) return true
  const [only] = kept
  return kept.length === 1 && only !== undefined ? only : { kind: 'and', terms: kept }
}

export function or(...terms: readonly Formula[]): Formula {
  const kept: Formula[] = []
  for (const term of terms) {
    if (term === true) return true
    if (term === false) continue
    if (typeof term === 'object' && term.kind === 'or') kept.push(...term.terms)
    else kept.push(term)
  }
  if (kept.length === 0) return false
  const [only] = kept
  return kept.length === 1 && only !== undefined ? only : { kind: 'or', terms: kept }
}

export function not(term: Formula): Formula {
  if (typeof term === 'boolean') return !term
  if (term.kind === 'not') return term.term
  return { kind: 'not', term }
}

/** Decides a formula once every key is known: `leaf` answers each remaining condition. */
export function decide(formula: Formula, leaf: (condition: ConditionLeaf) => boolean): boolean {
  if (typeof formula === 'boolean') return formula
  switch (formula.kind) {
    case 'condition':
      return leaf(formula)
    case 'and':
      return formula.terms.every((t) => decide(t, leaf))
    case 'or':
      return formula.terms.some((t) => decide(t, leaf))
    case 'not':
      return !decide(formula.term, leaf)
  }
}

/** `StringEquals aws:ResourceTag/env [dev] and not (…)`: for terminals and reports. */
export function formatFormula(formula: Formula): string {
  if (typeof formula === 'boolean') return String(formula)
  switch (formula.kind) {
    case 'condition':
      return `${formula.operator} ${formula.key} [${formula.values.join(', ')}]`
    case 'and':
    case 'or':
      return formula.terms
        .map((t) =>
          typeof t === 'object' && t.kind !== 'condition' && t.kind !== 'not'
            ? `(${formatFormula(t)})`
            : formatFormula(t),
        )
        .join(` ${formula.kind} `)
    case 'not':
      return `not ${typeof formula.term === 'object' && formula.term.kind !== 'condition' ? `(${formatFormula(formula.term)})` : formatFormula(formula.term)}`
  }
}
