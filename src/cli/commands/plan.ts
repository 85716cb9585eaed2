import { hasChanges } from '../../plan/plan.ts'
import { formatPlan } from '../../report/plan-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { EXIT, reportError } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, writeOutput } from '../manifest-files.ts'
import { planFromManifest } from '../planning.ts'

/** Terraform spells it `-out`; node's parser reads a single dash as short flags. */
export function terraformSpelling(args: readonly string[]): string[] {
  return args.map((a) => (a === '-out' ? '--out' : a.startsWith('-out=') ? `-${a}` : a))
}

export async function planCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', terraformSpelling(args), {
    env: { type: 'string', short: 'e' },
    out: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'allow-delete': { type: 'boolean' },
    'detailed-exitcode': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['plan']) {
    io.stdout(commandHelp(COMMANDS['plan']))
    return EXIT.ok
  }
  const detailed = values['detailed-exitcode'] === true
  try {
    const format = outputFormat(values.output, ['text', 'json'])
    const file = positionals[0] ?? DEFAULT_MANIFEST
    const { plan, session } = await planFromManifest(io, {
      file,
      env: values.env,
      flags: values,
      allowDelete: values['allow-delete'] === true,
    })
    const json = `${JSON.stringify(plan, null, 2)}\n`
    if (values.out !== undefined) await writeOutput(io, values.out, json)
    const style = io.color ? COLOR : PLAIN
    if (format === 'json') io.stdout(json)
    else {
      io.stdout(formatPlan(plan, style))
      io.stderr(
        style.dim(`Read account ${plan.scope.account} in ${session.totalCalls} AWS calls.\n`),
      )
      if (values.out !== undefined)
        io.stdout(
          `\nSaved the plan to ${values.out}; run \`keyward apply ${values.out}\` to apply it.\n`,
        )
    }
    return detailed && (hasChanges(plan) || plan.conflicts.length > 0) ? 2 : EXIT.ok
  } catch (error) {
    const status = reportError(error, io)
    // Terraform's convention, which CI scripts test for: 1 error, 2 changes.
    return detailed ? 1 : status
  }
}
