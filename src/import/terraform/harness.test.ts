/**
 * Shared by the evaluator's tests (named `.test.ts` so the layering rules let it load the parser
 * from src/cli; it holds no tests of its own).
 */
import { loadHclParser } from '../../cli/hcl-parser.ts'
import type { TfConfig, TfResource } from './config.ts'
import type { LoadInput } from './load.ts'
import { loadTerraform } from './load.ts'
import type { Loc, TfValue } from './value.ts'

export const parse = await loadHclParser()

export type Files = Readonly<Record<string, string>>

/** Loads `main` (main.tf, or several root files) with the modules in `modules` (by directory). */
export function load(
  main: string | Files,
  options: {
    modules?: Readonly<Record<string, Files>>
    vars?: Readonly<Record<string, string>>
    computed?: LoadInput['computed']
  } = {},
): TfConfig {
  const rootFiles = typeof main === 'string' ? { 'main.tf': main } : main
  const files = (record: Files) => Object.entries(record).map(([path, text]) => ({ path, text }))
  const variables: LoadInput['variables'] = new Map(
    Object.entries(options.vars ?? {}).map(([name, text]) => [
      name,
      { value: flagText(text), from: 'flag', loc: { file: 'prod.tfvars', line: 1, column: 1 } },
    ]),
  )
  return loadTerraform({
    root: files(rootFiles),
    readModule: (dir) => {
      const found = options.modules?.[dir]
      return found === undefined ? undefined : files(found)
    },
    parse,
    variables,
    ...(options.computed === undefined ? {} : { computed: options.computed }),
  })
}

function flagText(text: string): TfValue {
  return { kind: 'string', segments: [{ kind: 'text', text }] }
}

export function resource(config: TfConfig, address: string): TfResource {
  const found = config.resources.find((r) => r.address === address)
  if (found === undefined) {
    const known = config.resources.map((r) => r.address).join(', ')
    throw new Error(`no resource ${address}; have ${known}`)
  }
  return found
}

export function attribute(config: TfConfig, address: string, name: string): TfValue {
  const found = resource(config, address).body.attributes.get(name)
  if (found === undefined) throw new Error(`${address} has no attribute ${name}`)
  return found.value
}

/** The value of `expr` written in a resource after `preamble`. */
export function evaluated(
  expr: string,
  preamble = '',
  vars: Readonly<Record<string, string>> = {},
): TfValue {
  return attribute(
    load(`${preamble}\nresource "t" "t" {\n  v = ${expr}\n}\n`, { vars }),
    't.t',
    'v',
  )
}

/**
 * A value as plain data for assertions: strings show their segments inline as `{var.x}`,
 * `{attr ADDRESS ATTRIBUTE}` and `{builtin NAME}`; unknowns as `unknown: REASON`.
 */
export function show(value: TfValue): unknown {
  switch (value.kind) {
    case 'string':
      return value.segments
        .map((s) =>
          s.kind === 'text'
            ? s.text
            : s.kind === 'var'
              ? `{var.${s.name}=${s.text}}`
              : s.kind === 'attr'
                ? `{attr ${s.address} ${s.attribute}}`
                : `{builtin ${s.name}}`,
        )
        .join('')
    case 'number':
    case 'bool':
      return value.value
    case 'null':
      return null
    case 'tuple':
      return value.items.map(show)
    case 'object':
      return Object.fromEntries([...value.fields].map(([k, v]) => [k, show(v)]))
    case 'unknown':
      return `unknown: ${value.reason}`
  }
}

export function at(loc: Loc): string {
  return `${loc.file}:${loc.line}`
}
