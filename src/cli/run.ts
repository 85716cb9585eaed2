/**
 * The command dispatcher: arguments in, exit status out. Every failure becomes a one-paragraph
 * message; a stack trace reaches the terminal only with KEYWARD_DEBUG=1.
 */
import { UsageError } from '../errors.ts'
import { didYouMean } from '../model/suggest.ts'
import { adviseCommand } from './commands/advise.ts'
import { checkCommand } from './commands/check.ts'
import { diffCommand } from './commands/diff.ts'
import { effectiveCommand } from './commands/effective.ts'
import { evalCommand } from './commands/eval.ts'
import { renderCommand } from './commands/render.ts'
import { resolveCommand } from './commands/resolve.ts'
import { schemaCommand } from './commands/schema.ts'
import { validateCommand } from './commands/validate.ts'
import { COMMANDS, commandHelp, mainHelp } from './help.ts'
import { EXIT, reportError } from './exit.ts'
import type { Io } from './io.ts'
import { version } from './version.ts'

type Command = (args: readonly string[], io: Io) => number | Promise<number>

const HANDLERS: Readonly<Record<string, Command>> = {
  validate: validateCommand,
  resolve: resolveCommand,
  schema: schemaCommand,
  eval: evalCommand,
  effective: effectiveCommand,
  check: checkCommand,
  diff: diffCommand,
  render: renderCommand,
  advise: adviseCommand,
  // Loaded on use: they bring the AWS SDK, which the offline commands need not start.
  plan: async (args, io) => (await import('./commands/plan.ts')).planCommand(args, io),
  apply: async (args, io) => (await import('./commands/apply.ts')).applyCommand(args, io),
  rotate: async (args, io) => (await import('./commands/rotate.ts')).rotateCommand(args, io),
  status: async (args, io) => (await import('./commands/status.ts')).statusCommand(args, io),
  // Loaded on use: it brings the HCL parser.
  import: async (args, io) => (await import('./commands/import.ts')).importCommand(args, io),
  bootstrap: async (args, io) =>
    (await import('./commands/bootstrap.ts')).bootstrapCommand(args, io),
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '-h' || command === '--help') {
      io.stdout(mainHelp(await version()))
      return EXIT.ok
    }
    if (command === '-v' || command === '--version' || command === 'version') {
      io.stdout(`${await version()}\n`)
      return EXIT.ok
    }
    if (command === 'help') return await help(rest[0], io)
    const handler = HANDLERS[command]
    if (handler === undefined) {
      throw new UsageError(
        'usage',
        `Unknown command \`${command}\`.`,
        didYouMean(command, Object.keys(HANDLERS)) ??
          'Run `keyward --help` for the list of commands.',
      )
    }
    return await handler(rest, io)
  } catch (error) {
    return reportError(error, io)
  }
}

async function help(topic: string | undefined, io: Io): Promise<number> {
  const entry = topic === undefined ? undefined : COMMANDS[topic]
  if (topic !== undefined && entry === undefined) {
    throw new UsageError(
      'usage',
      `No help for \`${topic}\`.`,
      didYouMean(topic, Object.keys(COMMANDS)),
    )
  }
  io.stdout(entry === undefined ? mainHelp(await version()) : commandHelp(entry))
  return EXIT.ok
}

/** The package version, read next to the code so `src/` and `dist/` both find it. */
