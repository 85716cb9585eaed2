/**
 * A policy attribute's value (`policy`, `assume_role_policy`, a module input) as the JSON object
 * it stands for. Terraform configurations write policies three ways: `jsonencode({…})`, a
 * reference to `data.aws_iam_policy_document.X.json`, and JSON text — often a heredoc with
 * `${…}` inside. The first two carry their structure; the third is parsed here.
 * https://developer.hashicorp.com/terraform/tutorials/configuration-language/aws-iam-policy
 */
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, TfValue } from '../terraform/value.ts'
import type { PolicyContext } from './context.ts'
import { parseJson } from './json-parse.ts'
import { unknownProblem } from './problems.ts'
import { kindName } from './values.ts'

export type JsonObject = Extract<TfValue, { kind: 'object' }>

export type Decoded =
  | { readonly ok: true; readonly document: JsonObject }
  | { readonly ok: false; readonly problem: ImportProblem }

/**
 * The policy document `value` encodes, or undefined having reported why not at `loc` (the
 * attribute's). Values inside the document that Terraform could not evaluate are left where they
 * are, for the readers of statements and trust to report.
 */
export function decodePolicy(
  value: TfValue,
  loc: Loc,
  cx: Pick<PolicyContext, 'report'>,
): JsonObject | undefined {
  const decoded = decodeDocument(value, loc)
  if (decoded.ok) return decoded.document
  cx.report(decoded.problem)
  return undefined
}

/** {@link decodePolicy}, with the problem returned rather than reported. */
export function decodeDocument(value: TfValue, loc: Loc): Decoded {
  const problem = (message: string, hint?: string): Decoded => ({
    ok: false,
    problem: { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) },
  })
  switch (value.kind) {
    case 'object':
      return { ok: true, document: value }
    case 'unknown':
      return { ok: false, problem: unknownProblem(value, loc, 'The policy') }
    case 'string': {
      if (value.json !== undefined) {
        const json = value.json
        return json.kind === 'object' || json.kind === 'unknown'
          ? decodeDocument(json, loc)
          : problem(`The policy is JSON ${kindName(json)}, not a policy document (an object).`)
      }
      const parsed = parseJson(value)
      if (!parsed.ok) {
        return problem(
          `The policy is not JSON keyward can read: ${parsed.message}.`,
          'Policies are JSON objects with `Version` and `Statement`; `jsonencode({…})` or an `aws_iam_policy_document` avoids writing JSON by hand.',
        )
      }
      return parsed.value.kind === 'object'
        ? { ok: true, document: parsed.value }
        : problem(
            `The policy is JSON ${kindName(parsed.value)}, not a policy document (an object).`,
          )
    }
    default:
      return problem(`The policy is ${kindName(value)}, not a policy document.`)
  }
}
