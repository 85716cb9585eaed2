/**
 * Reading a saved plan back (`keyward apply plan.json`), and checking it still fits the account:
 * the same part of the account is read again and must give the same fingerprint.
 */
import { readAccountState } from '../aws/read-state.ts'
import type { AwsSession } from '../aws/session.ts'
import { KeywardError, UsageError } from '../errors.ts'
import { stateFingerprint } from '../plan/fingerprint.ts'
import { PLAN_FORMAT, type Plan } from '../plan/plan.ts'

/** Whether a path names a saved plan rather than a manifest. */
export function looksLikePlan(text: string): boolean {
  return text.trimStart().startsWith('{') && text.includes(`"${PLAN_FORMAT}"`)
}

export function parsePlan(path: string, text: string): Plan {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new UsageError('usage', `${path} is not a plan file: it is not JSON.`)
  }
  const plan = value as Partial<Plan> | null
  if (
    plan === null ||
    plan.format !== PLAN_FORMAT ||
    plan.scope === undefined ||
    !Array.isArray(plan.ops) ||
    typeof plan.state !== 'string'
  ) {
    throw new UsageError(
      'usage',
      `${path} is not a plan this version of keyward wrote (expected format ${PLAN_FORMAT}).`,
      'Make a new one with `keyward plan FILE --env ENV -out plan.json`.',
    )
  }
  return plan as Plan
}

/** Refuses a plan made against an account that has changed since, in the part it looked at. */
export async function checkFresh(path: string, plan: Plan, session: AwsSession): Promise<void> {
  const state = await readAccountState(session, plan.scope)
  if (stateFingerprint(state, plan.scope) !== plan.state) {
    throw new KeywardError(
      'stale-plan',
      `The account changed since ${path} was made (${plan.createdAt}); applying it could undo or repeat those changes.`,
      {
        source: 'user',
        hint: `Plan again (\`keyward plan ${plan.manifest.file} --env ${plan.scope.owner.environment} -out ${path}\`), review, and apply the new plan.`,
      },
    )
  }
}
