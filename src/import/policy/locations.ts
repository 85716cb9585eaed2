/**
 * Where each statement of a generated policy document was written. A `TfValue` carries no
 * location, yet a problem with one statement of `data "aws_iam_policy_document"` is best shown at
 * that `statement` block rather than at the attribute that uses the document. The statement
 * objects themselves are the keys: the evaluator passes them on unchanged wherever the document's
 * `json` is referenced.
 */
import type { Loc, TfValue } from '../terraform/value.ts'

const written = new WeakMap<TfValue, Loc>()

/** Records that the statement object `value` was written at `loc`; returns it. */
export function remember<T extends TfValue>(value: T, loc: Loc): T {
  written.set(value, loc)
  return value
}

/** Where a statement object was written, when it came from a `statement` block. */
export function writtenAt(value: TfValue): Loc | undefined {
  return written.get(value)
}
