/** Problems the policy readers share. */
import { locationText } from '../../model/resolved.ts'
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, TfUnknown } from '../terraform/value.ts'

/** A part of a policy Terraform could not evaluate: said where it is used, with where it arose. */
export function unknownProblem(unknown: TfUnknown, loc: Loc, what: string): ImportProblem {
  const arose = locationText(unknown.loc)
  return {
    severity: 'error',
    message: `${what} cannot be read: ${unknown.reason}${arose === locationText(loc) ? '' : ` (${arose})`}.`,
    loc,
    hint: 'keyward writes only what it can read from the configuration; add this part to the manifest by hand.',
  }
}

/** Reports the problem; undefined, for readers that return undefined once they have reported. */
export function reported(
  cx: { report(problem: ImportProblem): void },
  problem: ImportProblem,
): undefined {
  cx.report(problem)
  return undefined
}
