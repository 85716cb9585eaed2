/**
 * Values of evaluated Terraform expressions, keeping where each piece of a string came from.
 * keyward evaluates a configuration once per environment; a name such as
 * `"${var.project}-uploader-${var.environment}"` evaluates to concrete text whose segments still
 * say which variable produced them, so the manifest can write it back as a template
 * (`${project}-uploader-${env}`) rather than as one environment's value.
 */
import type { SourceLocation } from '../../model/resolved.ts'

/** A place in a `.tf` or `.tfvars` file; `file` is relative to the imported directory. */
export type Loc = SourceLocation

/** Values the account supplies and Terraform's data sources read: never literal in the manifest. */
export type Builtin = 'partition' | 'account' | 'region'

export type Segment =
  /** Text written in the configuration (or computed from such text by a function). */
  | { readonly kind: 'text'; readonly text: string }
  /** Text that is, verbatim, the value of a root module variable. */
  | { readonly kind: 'var'; readonly name: string; readonly text: string }
  /** The account's partition, id or region, e.g. from `data.aws_caller_identity.current`. */
  | { readonly kind: 'builtin'; readonly name: Builtin }
  /**
   * An attribute Terraform only knows after apply (`aws_iam_access_key.k.secret`,
   * `aws_secretsmanager_secret.s.arn`, `random_id.id.hex`): its address and attribute path.
   */
  | {
      readonly kind: 'attr'
      readonly address: string
      readonly attribute: string
      readonly loc: Loc
    }

/** Which resource attribute a value was read from, when it is a plain reference to one. */
export interface Origin {
  readonly address: string
  readonly attribute: string
}

export type TfValue =
  | {
      readonly kind: 'string'
      readonly segments: readonly Segment[]
      /** Set by `jsonencode(...)` (and policy documents): the structure the JSON text encodes. */
      readonly json?: TfValue
      readonly origin?: Origin
    }
  | { readonly kind: 'number'; readonly value: number; readonly origin?: Origin }
  | { readonly kind: 'bool'; readonly value: boolean; readonly origin?: Origin }
  | { readonly kind: 'null' }
  /** Lists, sets and tuples alike. */
  | { readonly kind: 'tuple'; readonly items: readonly TfValue[]; readonly origin?: Origin }
  /** Objects and maps alike, in source order. */
  | {
      readonly kind: 'object'
      readonly fields: ReadonlyMap<string, TfValue>
      readonly origin?: Origin
    }
  /** Could not be evaluated: the first reason, where it arose. Never guessed past. */
  | { readonly kind: 'unknown'; readonly reason: string; readonly loc: Loc }

export type TfString = Extract<TfValue, { kind: 'string' }>
export type TfUnknown = Extract<TfValue, { kind: 'unknown' }>

export const NULL: TfValue = { kind: 'null' }

export function text(value: string): TfString {
  return { kind: 'string', segments: value === '' ? [] : [{ kind: 'text', text: value }] }
}

/** The concrete text of a string whose every segment is known, else undefined. */
export function concreteText(value: TfValue): string | undefined {
  if (value.kind !== 'string') return undefined
  let out = ''
  for (const segment of value.segments) {
    if (segment.kind === 'text' || segment.kind === 'var') out += segment.text
    else return undefined
  }
  return out
}
