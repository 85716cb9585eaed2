import { UsageError } from '../../errors.ts'
import { authorize, type AuthorizationResult, type Gap } from '../../policy/eval/authorize.ts'
import { formatFormula } from '../../policy/eval/formula.ts'
import { errorLine, parseRequestLine, resultLine } from '../../policy/eval/request-json.ts'
import { COLOR, PLAIN, type Style } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { contextOf, POLICY_OPTIONS, readPolicySet } from '../policy-files.ts'

export async function evalCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval', args, {
    ...POLICY_OPTIONS,
    batch: { type: 'string' },
    action: { type: 'string' },
    resource: { type: 'string' },
    'resource-policy': { type: 'string' },
    'resource-account': { type: 'string' },
    'unknown-context': { type: 'boolean' },
  })
  if (values.help === true && COMMANDS['eval']) {
    io.stdout(commandHelp(COMMANDS['eval']))
    return 0
  }
  if (positionals.length > 0)
    throw new UsageError(
      'usage',
      `Unexpected argument "${positionals[0] ?? ''}".`,
      'Run `keyward eval --help`.',
    )
  if (values.batch !== undefined) return batch(io, values.batch)
  const { principal, action, resource } = values
  if (principal === undefined || action === undefined || resource === undefined) {
    throw new UsageError(
      'usage',
      'eval needs --principal, --action and --resource (or --batch FILE).',
      'Example: keyward eval --principal arn:aws:iam::111111111111:user/app --action s3:GetObject --resource arn:aws:s3:::bucket/key --policy policy.json',
    )
  }
  const format = outputFormat(values.output, ['text', 'json'])
  const policies = await readPolicySet(io, values)
  const resourceAccount = values['resource-account']
  const result = authorize({
    principal,
    action,
    resource,
    context: contextOf(values.context ?? []),
    ...(resourceAccount === undefined ? {} : { resourceAccount }),
    mode: values['unknown-context'] === true ? 'unknown' : 'strict',
    policies,
  })
  if (format === 'json') {
    const { id: _id, ...line } = resultLine(null, result)
    io.stdout(`${JSON.stringify(line)}\n`)
  } else {
    io.stdout(explain(result, action, resource, io.color ? COLOR : PLAIN))
  }
  return 0
}

async function batch(io: Io, source: string): Promise<number> {
  const text =
    source === '-'
      ? await io.readStdin()
      : await io.readFile(source).catch(() => {
          throw new UsageError('file-not-found', `Cannot read ${source}.`)
        })
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    const parsed = parseRequestLine(line)
    const out =
      parsed.kind === 'ok'
        ? resultLine(parsed.id, authorize(parsed.request))
        : errorLine(parsed.id, parsed.error)
    io.stdout(`${JSON.stringify(out)}\n`)
  }
  return 0
}

const GAP_TEXT: Readonly<Record<Gap['layer'], string>> = {
  identity: 'no identity or resource policy statement allows it',
  resource: 'it crosses accounts and the resource policy does not allow it',
  boundary: 'the permissions boundary does not allow it',
  session: 'the session policy does not allow it',
  scp: 'a service control policy level does not allow it',
}

function explain(
  result: AuthorizationResult,
  action: string,
  resource: string,
  style: Style,
): string {
  const colour =
    result.decision === 'Allowed'
      ? style.green
      : result.decision === 'AllowedIf'
        ? style.yellow
        : style.red
  const lines = [`${colour(style.bold(result.decision))}  ${action} on ${resource}`]
  const verb = result.decision === 'Allowed' ? 'allowed by' : 'denied by'
  for (const r of result.reasons) {
    lines.push(
      `  ${verb} ${r.policyType} policy ${r.policy}, statement ${r.statement}${r.sid === undefined ? '' : ` (${r.sid})`}`,
    )
  }
  for (const gap of result.gaps) {
    lines.push(`  ${gap.layer === 'scp' ? `SCP level ${gap.level}: ` : ''}${GAP_TEXT[gap.layer]}`)
  }
  if (result.condition !== undefined) lines.push(`  only if ${formatFormula(result.condition)}`)
  return `${lines.join('\n')}\n`
}
