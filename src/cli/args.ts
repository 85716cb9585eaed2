import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../errors.ts'

type Options = NonNullable<ParseArgsConfig['options']>

/** `node:util` parseArgs, with its errors turned into usage errors that name the command. */
export function parseCommandArgs<const O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^.*?: /, '') : String(error)
    throw new UsageError(
      'usage',
      `${message.replace(/\.$/, '')}.`,
      `Run \`keyward ${command} --help\` for the options.`,
    )
  }
}

export type OutputFormat = 'text' | 'json' | 'yaml' | 'sarif'

/** `-o text|json|yaml|sarif`, limited to what the command supports. */
export function outputFormat(
  value: string | undefined,
  allowed: readonly OutputFormat[],
): OutputFormat {
  const format = value ?? 'text'
  if ((allowed as readonly string[]).includes(format)) return format as OutputFormat
  throw new UsageError(
    'usage',
    `Unknown output format "${format}".`,
    `Use one of: ${allowed.join(', ')}.`,
  )
}
