import { manifestJsonSchema } from '../../manifest/json-schema.ts'
import { parseCommandArgs } from '../args.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'

export function schemaCommand(args: readonly string[], io: Io): number {
  const { values } = parseCommandArgs('schema', args, { help: { type: 'boolean', short: 'h' } })
  if (values.help === true && COMMANDS['schema']) {
    io.stdout(commandHelp(COMMANDS['schema']))
    return 0
  }
  io.stdout(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`)
  return 0
}
