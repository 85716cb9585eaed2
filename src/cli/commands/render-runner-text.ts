/**
 * What `render runner` tells a person on standard error: what the role is, what the check of the
 * manifest with it found, and the steps from here to a running schedule.
 */
import type { CheckResult } from '../../analyze/check-result.ts'
import type { KubeObject } from '../../k8s/objects.ts'
import type { ResolvedRole } from '../../model/resolved.ts'
import { plural } from '../../report/diagnostics.ts'
import type { Style } from '../../report/style.ts'
import type { RunnerRole, RunnerTrust } from '../../runner/role.ts'
import type { Template } from '../../runner/scheduler.ts'

export type Deployment =
  | { readonly kind: 'scheduler'; readonly template: Template }
  | { readonly kind: 'cronjob'; readonly objects: readonly KubeObject[] }
  | { readonly kind: 'central' }

export interface RunnerReport {
  readonly file: string
  readonly id: string
  readonly role: RunnerRole
  /** The role in the environment rendered. */
  readonly resolved: ResolvedRole
  readonly trust: RunnerTrust
  readonly check: CheckResult
  readonly deployment: Deployment
  readonly merged: boolean
  readonly replaced: boolean
  /** The deployment's file, when `--out` wrote it. */
  readonly deploymentFile: ((kind: 'scheduler' | 'cronjob') => string) | undefined
  /** Where `--out DIR` would write it. */
  readonly defaultFile: (kind: 'scheduler' | 'cronjob') => string
}

/** Findings a runner has by design: it creates keys for other users, which is its whole job. */
const BY_DESIGN = new Set(['KW101', 'KW102'])

/** Printed on standard error, so that standard output stays the entry a person pastes. */
export function runnerSummary(r: RunnerReport, style: Style): string {
  const env = r.check.environments.find((e) =>
    e.identities.some((i) => i.id === r.id && i.arn === r.resolved.arn),
  )
  const runner = env?.identities.find((i) => i.id === r.id)
  const envName = env?.name ?? ''
  const users = r.role.users
  const from = {
    lambda: 'a Lambda function of the account',
    kubernetes: 'a Kubernetes service account',
    central: 'a central runner in another account',
  }[r.trust.kind]
  const lines = [
    `${r.id}: role ${r.resolved.name}, assumed by ${from}; rotates the keys of ${plural(users.length, 'user')} (${users.join(', ')}).`,
  ]
  const envs = r.check.environments.length
  const nevers = runner?.never.length ?? 0
  lines.push(
    `${style.green('✔')} With it, ${r.file} validates, and its ${plural(nevers, 'never assertion')} hold in ${envs === 1 ? envName : `each of its ${envs} environments`} (keyward check).`,
  )
  const mine = r.check.findings.filter((f) => f.identity === r.id && f.environment === envName)
  const expected = mine.filter((f) => BY_DESIGN.has(f.id))
  const other = mine.filter((f) => !BY_DESIGN.has(f.id))
  if (expected.length > 0) {
    lines.push(
      `  check reports ${expected.map((f) => `${f.id} (${f.severity})`).join(' and ')} on it: it creates access keys for the users it rotates, which is its job; its never assertions keep it to those users.`,
    )
  }
  for (const f of other)
    lines.push(`  ${style.yellow(f.severity.toUpperCase())} ${f.id} ${f.title}`)
  lines.push('', 'Next:')
  const steps: string[] = []
  if (r.merged)
    steps.push(`${r.replaced ? 'Updated' : 'Added'} ${r.id} in ${r.file}; review the change.`)
  else steps.push(`Add the entry under \`identities:\` in ${r.file}, or run again with --merge.`)
  steps.push(
    `keyward apply ${r.file} --env ${envName}: creates the role ${r.resolved.name} (${r.resolved.arn}).`,
  )
  steps.push(...deploySteps(r, envName))
  lines.push(...steps.map((s, i) => `  ${i + 1}. ${s}`))
  return `${lines.join('\n')}\n`
}

function deploySteps(r: RunnerReport, env: string): string[] {
  const file = r.deploymentFile ?? r.defaultFile
  const written = r.deploymentFile === undefined ? ' (--out DIR writes it)' : ''
  switch (r.deployment.kind) {
    case 'scheduler':
      return [
        `npm run build:runner -- --manifest ${r.file}, then aws s3 cp dist/runner/keyward-runner.zip s3://BUCKET/keyward-runner.zip, a bucket of the account (docs/runner.md).`,
        `aws cloudformation deploy --template-file ${file('scheduler')} --stack-name ${r.resolved.name} --capabilities CAPABILITY_IAM --parameter-overrides CodeBucket=BUCKET${written}: the function and its schedule.`,
      ]
    case 'cronjob':
      return [
        `kubectl apply -f ${file('cronjob')}${written}: the runner's ServiceAccount, a ConfigMap holding the manifest, and the CronJob.`,
        'Render again after each change to the manifest: the CronJob reads the copy in its ConfigMap.',
      ]
    case 'central':
      return [
        `In the central runner's manifest, give environment ${env} \`assumeRole: ${r.resolved.arn}\`; its role needs sts:AssumeRole on that ARN.`,
      ]
  }
}
