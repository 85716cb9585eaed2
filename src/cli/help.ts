/** Help texts: every command explains what it is for, its options, and examples that run. */

export interface CommandHelp {
  readonly usage: string
  readonly summary: string
  readonly description: string
  readonly options: readonly [string, string][]
  readonly examples: readonly string[]
}

export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  validate: {
    usage: 'keyward validate [FILE…] [-o text|json]',
    summary: 'Check manifests: YAML, schema, references, IAM actions, names and limits.',
    description:
      'Validates each manifest for every environment it declares and reports every problem with\n' +
      'its file, line and column. Nothing is read from or written to AWS.\n' +
      'Exit status: 0 valid (warnings allowed), 2 invalid, 1 internal error.',
    options: [
      ['FILE…', 'Manifests to check (default: keyward.yaml).'],
      ['-o, --output FORMAT', '`text` (default) or `json`.'],
    ],
    examples: [
      'keyward validate',
      'keyward validate examples/*.yaml',
      'keyward validate keyward.yaml -o json',
    ],
  },
  resolve: {
    usage: 'keyward resolve FILE [--env ENV…|--all-envs] [-o text|json|yaml]',
    summary: 'Show every identity of an environment exactly as keyward would create it.',
    description:
      'Interpolates one environment and prints each identity with its physical name, ARN and every\n' +
      'IAM policy document keyward would create, byte for byte. Offline; nothing touches AWS.',
    options: [
      ['FILE', 'The manifest.'],
      [
        '-e, --env ENV',
        'Environment to resolve; repeat for several. Optional when there is only one.',
      ],
      ['-A, --all-envs', 'Resolve every environment.'],
      ['-o, --output FORMAT', '`text` (default), `json` or `yaml`.'],
    ],
    examples: [
      'keyward resolve examples/tomoda.yaml --env dev',
      'keyward resolve examples/tomoda.yaml --env prod -o json',
      'keyward resolve examples/tomoda.yaml --all-envs -o yaml',
    ],
  },
  schema: {
    usage: 'keyward schema',
    summary: 'Print the manifest’s JSON Schema, for editors and CI.',
    description:
      'Prints the JSON Schema (draft-07) generated from the same definitions `validate` uses.\n' +
      'Point your editor at it with a first line such as:\n' +
      '  # yaml-language-server: $schema=./keyward.schema.json',
    options: [],
    examples: ['keyward schema > keyward.schema.json'],
  },
}

export function commandHelp(help: CommandHelp): string {
  const width = Math.max(...help.options.map(([flag]) => flag.length), 0)
  const lines = [help.summary, '', `Usage: ${help.usage}`, '', help.description]
  if (help.options.length > 0) {
    lines.push('', 'Options:')
    for (const [flag, text] of help.options) lines.push(`  ${flag.padEnd(width)}  ${text}`)
    lines.push(`  ${'-h, --help'.padEnd(width)}  Show this help.`)
  }
  lines.push('', 'Examples:', ...help.examples.map((e) => `  ${e}`))
  return `${lines.join('\n')}\n`
}

export function mainHelp(version: string): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length))
  const lines = [
    `keyward ${version} — declare, prove, mint and rotate AWS machine identities.`,
    '',
    'Usage: keyward COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, help]) => `  ${name.padEnd(width)}  ${help.summary}`),
    '',
    'Run `keyward COMMAND --help` for a command’s options and examples.',
    'Docs: the manifest reference is docs/manifest.md; diagnostics are listed in docs/diagnostics.md.',
  ]
  return `${lines.join('\n')}\n`
}
