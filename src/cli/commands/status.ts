import { AwsRotationPort } from '../../aws/rotation-port.ts'
import { readStatus, type IdentityStatus } from '../../keys/status.ts'
import { rotationTargets } from '../../keys/targets.ts'
import { formatRotationOutcome } from '../../report/rotate-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { connect } from '../aws.ts'
import { clockFrom } from '../clock.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST } from '../manifest-files.ts'
import { loadEnvironment } from '../planning.ts'
import { openRecordBook } from '../record-book.ts'

export async function statusCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, {
    env: { type: 'string', short: 'e' },
    output: { type: 'string', short: 'o' },
    clock: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['status']) {
    io.stdout(commandHelp(COMMANDS['status']))
    return EXIT.ok
  }
  const json = outputFormat(values.output, ['text', 'json']) === 'json'
  const style = io.color ? COLOR : PLAIN
  const now = clockFrom(values.clock, io.env['KEYWARD_CLOCK'], new Date())
  const [file = DEFAULT_MANIFEST, ...ids] = positionals
  const { desired } = await loadEnvironment(io, file, values.env, 'read')
  const targets = rotationTargets(desired, ids)
  const { account, region } = desired.environment
  const session = await connect(values, io, account, region)
  const port = new AwsRotationPort(session)
  const book = await openRecordBook(session, desired)
  const statuses = await Promise.all(targets.map((t) => readStatus(port, book, t, now)))
  if (json) {
    io.stdout(
      `${JSON.stringify({ version: 1, at: now.toISOString(), identities: statuses }, null, 2)}\n`,
    )
    return EXIT.ok
  }
  for (const s of statuses) io.stdout(`${formatStatus(s, style)}\n`)
  if (statuses.length === 0) io.stdout('No identity in this environment has a key.\n')
  return EXIT.ok
}

function formatStatus(s: IdentityStatus, style: typeof PLAIN): string {
  const keys = s.keys.map(
    (k) =>
      `    ${k.key}  ${k.role.padEnd(9)} ${k.status.padEnd(8)} ${k.ageDays === undefined ? '' : `${k.ageDays} days old`}`,
  )
  return [
    `${style.bold(s.id)} (user ${s.user}, store ${s.store})`,
    ...(keys.length === 0 ? ['    no keys'] : keys),
    formatRotationOutcome(s.rotation, style).replace(/^ {2}[^:]+: /, '    rotation: '),
  ].join('\n')
}
