import { UsageError } from '../../errors.ts'
import { loadCatalog } from '../../policy/catalog.ts'
import { ActionTable } from '../../policy/sweep/action-table.ts'
import { sweep, type AllowedAction, type SweepResult } from '../../policy/sweep/sweep.ts'
import { plural } from '../../report/diagnostics.ts'
import { COLOR, PLAIN, type Style } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { contextOf, POLICY_OPTIONS, readPolicySet } from '../policy-files.ts'

/** Beyond this many actions the text view summarises per access level instead of listing all. */
const LIST_LIMIT = 200

export async function effectiveCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('effective', args, POLICY_OPTIONS)
  if (values.help === true && COMMANDS['effective']) {
    io.stdout(commandHelp(COMMANDS['effective']))
    return 0
  }
  if (positionals.length > 0)
    throw new UsageError(
      'usage',
      `Unexpected argument "${positionals[0] ?? ''}".`,
      'Policies are passed with --policy FILE.',
    )
  if (values.principal === undefined || (values.policy ?? []).length === 0) {
    throw new UsageError(
      'usage',
      'effective needs --principal and at least one --policy.',
      'Example: keyward effective --principal arn:aws:iam::111111111111:user/app --policy policy.json',
    )
  }
  const format = outputFormat(values.output, ['text', 'json'])
  const policies = await readPolicySet(io, values)
  const table = new ActionTable(await loadCatalog(['*']))
  const result = sweep(table, {
    principal: values.principal,
    policies,
    context: contextOf(values.context ?? []),
  })
  if (format === 'json') {
    const allowed = result.allowed.map(({ action, resources, conditional, accessLevel }) => ({
      action,
      resources,
      conditional,
      accessLevel,
    }))
    io.stdout(
      `${JSON.stringify({ dataVersion: result.dataVersion, principal: result.principal, allowed }, null, 2)}\n`,
    )
  } else {
    io.stdout(render(result, io.color ? COLOR : PLAIN))
  }
  return 0
}

function render(result: SweepResult, style: Style): string {
  const services = new Map<string, AllowedAction[]>()
  for (const a of result.allowed) services.set(a.service, [...(services.get(a.service) ?? []), a])
  const conditional = result.allowed.filter((a) => a.conditional).length
  const lines = [
    `${style.bold(result.principal)}  ${style.dim(`iam-data ${result.dataVersion}`)}`,
    `${plural(result.allowed.length, 'action')} in ${plural(services.size, 'service')}${conditional > 0 ? `, ${conditional} only under conditions` : ''}`,
    '',
  ]
  const detailed = result.allowed.length <= LIST_LIMIT
  for (const [service, actions] of services) {
    lines.push(`${style.cyan(service)}  ${style.dim(plural(actions.length, 'action'))}`)
    const levels = new Map<string, AllowedAction[]>()
    for (const a of actions) levels.set(a.accessLevel, [...(levels.get(a.accessLevel) ?? []), a])
    for (const [level, list] of levels) {
      if (!detailed) {
        lines.push(
          `  ${level} (${list.length}): ${list.map((a) => a.action.slice(service.length + 1)).join(', ')}`,
        )
        continue
      }
      lines.push(`  ${level}`)
      for (const a of list) {
        const mark = a.conditional ? style.yellow(' (conditional)') : ''
        lines.push(
          `    ${a.action.slice(service.length + 1)}${mark}  ${style.dim(a.resources.join(', '))}`,
        )
      }
    }
  }
  return `${lines.join('\n')}\n`
}
