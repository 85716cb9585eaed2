import type { ApplyEvent } from '../../apply/run.ts'
import { runPlan } from '../../apply/run.ts'
import type { RetryObserver } from '../../aws/retry.ts'
import type { AwsSession } from '../../aws/session.ts'
import { KeywardError, UsageError } from '../../errors.ts'
import { hasChanges, type Plan } from '../../plan/plan.ts'
import type { PlanScope } from '../../plan/scope.ts'
import { formatApplyEvent } from '../../report/apply-text.ts'
import { formatPlan } from '../../report/plan-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { connect, type ConnectTarget } from '../aws.ts'
import { EXIT, reportError } from '../exit.ts'
import { awsRunner } from '../executor.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, readManifest } from '../manifest-files.ts'
import { checkFresh, looksLikePlan, parsePlan } from '../plan-file.ts'
import { planFromManifest } from '../planning.ts'

type Emitted = ApplyEvent | { readonly type: 'plan'; readonly plan: Plan } | RetryEvent

interface RetryEvent {
  readonly type: 'retry'
  readonly operation: string
  readonly attempt: number
  readonly delayMs: number
  readonly code: string
}

export async function applyCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('apply', args, {
    env: { type: 'string', short: 'e' },
    yes: { type: 'boolean', short: 'y' },
    output: { type: 'string', short: 'o' },
    'allow-delete': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['apply']) {
    io.stdout(commandHelp(COMMANDS['apply']))
    return EXIT.ok
  }
  const json = outputFormat(values.output, ['text', 'json']) === 'json'
  const style = io.color ? COLOR : PLAIN
  // A change's notes follow its line, so they are held until the change is done.
  let notes: string[] = []
  const emit = (event: Emitted) => {
    if (json) io.stdout(`${JSON.stringify(event)}\n`)
    else if (event.type === 'retry')
      io.stderr(
        style.dim(
          `      ${event.operation}: ${event.code}, retrying (attempt ${event.attempt + 1})\n`,
        ),
      )
    else if (event.type === 'note') notes.push(formatApplyEvent(event, style) ?? '')
    else if (event.type !== 'plan') {
      const text = formatApplyEvent(event, style)
      if (text !== undefined) io.stdout(`${[text, ...notes].join('\n')}\n`)
      if (text !== undefined) notes = []
    }
  }
  const observer: RetryObserver = {
    onRetry: (operation, attempt, delayMs, error) =>
      emit({ type: 'retry', operation, attempt, delayMs, code: error.code }),
  }
  const path = positionals[0] ?? DEFAULT_MANIFEST
  const source = await readManifest(io, path)
  let plan: Plan
  let session: AwsSession
  if (looksLikePlan(source.text)) {
    if (values.env !== undefined || values['allow-delete'] === true) {
      throw new UsageError(
        'usage',
        `${path} is a saved plan: its environment and deletions were decided when it was made.`,
        'Plan again with the options you want, e.g. `keyward plan FILE --env ENV --allow-delete -out plan.json`.',
      )
    }
    plan = parsePlan(path, source.text)
    session = await connect(values, io, targetOf(plan.scope), { observer })
    await checkFresh(path, plan, session)
  } else {
    ;({ plan, session } = await planFromManifest(io, {
      file: path,
      env: values.env,
      flags: values,
      allowDelete: values['allow-delete'] === true,
      observer,
    }))
  }
  if (json) emit({ type: 'plan', plan })
  else io.stdout(`${formatPlan(plan, style)}\n`)
  if (plan.conflicts.length > 0) {
    throw new KeywardError(
      'plan-conflict',
      `The plan has ${plan.conflicts.length === 1 ? 'a conflict' : `${plan.conflicts.length} conflicts`} to resolve first; nothing was changed.`,
      { source: 'user', hint: 'Each conflict above says how to resolve it.' },
    )
  }
  if (!hasChanges(plan)) {
    if (!json) io.stdout('Nothing to apply.\n')
    return EXIT.ok
  }
  if (values.yes !== true && !(await confirmed(io, plan))) {
    io.stderr('Apply cancelled; nothing was changed.\n')
    return EXIT.user
  }
  const result = await runPlan(plan, awsRunner(session), emit)
  return result.error === undefined ? EXIT.ok : reportError(result.error, io)
}

/** A saved plan connects as the plan did: to its account, through its role if it named one. */
function targetOf(scope: PlanScope): ConnectTarget {
  return {
    account: scope.account,
    region: scope.region,
    name: scope.owner.environment,
    ...(scope.assumeRole === undefined ? {} : { assumeRole: scope.assumeRole }),
  }
}

async function confirmed(io: Io, plan: Plan): Promise<boolean> {
  const { owner, account } = plan.scope
  if (io.ask === undefined) {
    throw new UsageError(
      'usage',
      'apply changes the account and nobody is at a terminal to confirm.',
      'Review the plan, then pass --yes.',
    )
  }
  const answer = await io.ask(
    `Apply these changes to ${owner.project} / ${owner.environment} in account ${account}? Only "yes" goes on: `,
  )
  return answer.trim() === 'yes'
}
