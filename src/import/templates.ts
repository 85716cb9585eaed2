/**
 * Terraform strings to manifest templates. A root variable's text becomes `${name}` (or one of
 * the manifest's built-ins), the account's partition, id and region become `${partition}`,
 * `${account}` and `${region}`, and an attribute known only after apply becomes the manifest
 * reference that names the same thing (`${identities.uploader.arn}`), or a problem at its line.
 */
import type { ImportProblem } from './terraform/config.ts'
import type { Loc, Segment, TfValue } from './terraform/value.ts'

export type AttrSegment = Extract<Segment, { kind: 'attr' }>

export interface TemplateScope {
  /** The manifest name of a root variable: `env`, `region`, `project`, or its own. */
  readonly variable: (name: string, text: string) => string
  /** The manifest reference for an attribute known only after apply, or undefined if none. */
  readonly attribute: (segment: AttrSegment, use: TemplateUse) => string | undefined
  readonly report: (problem: ImportProblem) => void
}

/** Where the template goes: only a key's format may name the key's id and secret. */
export interface TemplateUse {
  /** The `aws_iam_access_key` address whose `id` and `secret` are `${key.id}` and `${key.secret}`. */
  readonly key?: string
  /** What the value is, for messages: `the user's name`, `a statement's resource`. */
  readonly what: string
}

/** `${name}` with a dotted name is a manifest reference; literal text must not read as one. */
const LOOKS_LIKE_REF = /\$\{([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\}/g

export function escapeText(text: string): string {
  return text.replace(LOOKS_LIKE_REF, (_, inner: string) => `$\${${inner}}`)
}

/** The template, or undefined after reporting why it cannot be written. */
export function toTemplate(
  value: TfValue,
  loc: Loc,
  scope: TemplateScope,
  use: TemplateUse,
): string | undefined {
  switch (value.kind) {
    case 'number':
      return String(value.value)
    case 'bool':
      return String(value.value)
    case 'unknown':
      // Reported where the value is used, which is what the manifest needed; where it arose
      // (a variable's declaration, say) follows when that is elsewhere.
      scope.report({
        severity: 'error',
        message: `Cannot import ${use.what}: ${value.reason}${
          value.loc.file === loc.file && value.loc.line === loc.line
            ? ''
            : ` (${value.loc.file}:${value.loc.line})`
        }.`,
        loc,
      })
      return undefined
    case 'string':
      break
    default:
      scope.report({
        severity: 'error',
        message: `Cannot import ${use.what}: expected a string, found ${describe(value)}.`,
        loc,
      })
      return undefined
  }
  let out = ''
  for (const segment of value.segments) {
    const part = segmentTemplate(segment, scope, use)
    if (part === undefined) return undefined
    out += part
  }
  return out
}

function segmentTemplate(
  segment: Segment,
  scope: TemplateScope,
  use: TemplateUse,
): string | undefined {
  switch (segment.kind) {
    case 'text':
      return escapeText(segment.text)
    case 'var':
      return `\${${scope.variable(segment.name, segment.text)}}`
    case 'builtin':
      return `\${${segment.name}}`
    case 'attr': {
      if (use.key !== undefined && segment.address === use.key) {
        if (segment.attribute === 'id') return '${key.id}'
        if (segment.attribute === 'secret') return '${key.secret}'
      }
      const reference = scope.attribute(segment, use)
      if (reference !== undefined) return reference
      scope.report({
        severity: 'error',
        message: `Cannot import ${use.what}: \`${segment.address}.${segment.attribute}\` is known only after apply.`,
        loc: segment.loc,
        hint: `Give its value with \`--known ${segment.address}.${segment.attribute}=VALUE\` (\`terraform state show ${segment.address}\` shows it).`,
      })
      return undefined
    }
  }
}

export function describe(value: TfValue): string {
  switch (value.kind) {
    case 'tuple':
      return 'a list'
    case 'object':
      return 'an object'
    case 'null':
      return 'null'
    default:
      return `a ${value.kind}`
  }
}
