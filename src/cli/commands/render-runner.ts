/**
 * `keyward render runner`: the role a scheduled `rotate --due` runs under, as the manifest entry
 * to add, and how to deploy it (a CloudFormation template for Lambda and EventBridge Scheduler,
 * or a Kubernetes CronJob). Before anything is printed, the manifest with the entry is loaded and
 * checked as `keyward check` would: it must validate in every environment, and the runner's own
 * `never` assertions must hold in each.
 */
import { join } from 'node:path'
import { stringify } from 'yaml'
import { runCheck } from '../../analyze/check.ts'
import type { CheckResult } from '../../analyze/check-result.ts'
import { InternalError, UsageError } from '../../errors.ts'
import { loadManifest, type Manifest } from '../../manifest/load.ts'
import { LOGICAL_ID, LOGICAL_ID_NAME } from '../../manifest/spec/patterns.ts'
import type { ResolvedRole } from '../../model/resolved.ts'
import { formatDiagnostic } from '../../report/diagnostics.ts'
import { kubernetesList, kubernetesYaml } from '../../report/k8s-yaml.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { CRON_SCHEDULE, DEFAULT_CRON, runnerCronJob } from '../../runner/cronjob.ts'
import { entryYaml, mergeEntry } from '../../runner/manifest-text.ts'
import { DEFAULT_RUNNER_ID, runnerRole, type RunnerTrust } from '../../runner/role.ts'
import { DEFAULT_SCHEDULE, SCHEDULE_EXPRESSION, schedulerTemplate } from '../../runner/scheduler.ts'
import { chooseEnvironment } from '../environments.ts'
import { EXIT } from '../exit.ts'
import type { Io } from '../io.ts'
import { loadValidManifest, writeFilesIn, writeOutput } from '../manifest-files.ts'
import { version } from '../version.ts'
import { runnerSummary, type Deployment } from './render-runner-text.ts'

/** The options of `render` that `render runner` reads. */
export interface RunnerFlags {
  readonly env?: string | undefined
  readonly output?: string | undefined
  readonly out?: string | undefined
  readonly schedule?: string | undefined
  readonly kubernetes?: string | undefined
  readonly 'service-account'?: string | undefined
  readonly central?: string | undefined
  readonly id?: string | undefined
  readonly merge?: boolean | undefined
}

/** A Lambda function's name: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/

/** `render runner FILE`, with the options `render` parsed; `format` is `-o`'s. */
export async function renderRunner(
  values: RunnerFlags,
  file: string,
  format: 'yaml' | 'json',
  io: Io,
): Promise<number> {
  const id = values.id ?? DEFAULT_RUNNER_ID
  if (!LOGICAL_ID.test(id))
    throw new UsageError('usage', `--id "${id}" is not ${LOGICAL_ID_NAME}.`, 'E.g. --id rotator.')
  const trust = trustOf(values)
  const schedule = scheduleOf(values.schedule, trust)
  const { source, manifest } = await loadValidManifest(io, file, 'rendered')
  const env = chooseEnvironment(manifest, values.env)
  const derived = runnerRole(manifest.spec, env, { id, trust })
  if (derived.kind === 'no-keyed-users') {
    throw new UsageError(
      'usage',
      `${source.file} declares no user with a key: a runner would have nothing to rotate.`,
      'A runner rotates the keys of users with a `key:` (docs/manifest.md). Roles and groups have no keys to rotate.',
    )
  }
  if (derived.kind === 'id-taken') {
    throw new UsageError(
      'usage',
      `${source.file} already has a ${derived.type} \`${id}\`; the runner needs an id of its own.`,
      'Pass another logical id, e.g. --id rotator.',
    )
  }
  const role = derived.role
  const merged = mergeEntry(source.text, id, (indent) => entryYaml(id, role.entry, indent))
  if (merged.kind === 'unmergeable') {
    throw new UsageError(
      'usage',
      `The runner cannot be written into ${source.file}: ${merged.why}.`,
      'Write `identities:` as a block mapping (one identity per key), or paste the entry by hand.',
    )
  }
  const withRunner = await loadWithRunner(io, source.file, merged.text)
  const check = await proveRunner(withRunner, id)
  const resolved = runnerIn(withRunner, env.environment.name, id)
  const deployment = await deploymentOf(trust, {
    withRunner,
    env: env.environment.name,
    role: resolved,
    text: merged.text,
    schedule,
  })
  const written: string[] = []
  const entryText =
    format === 'json' ? entryJson(id, role.entry) : fragment(source.file, id, role.entry)
  const files = outFiles(
    values.out ?? 'DIR',
    `${manifest.spec.project}-${env.environment.name}-${id}`,
    format,
    id,
  )
  if (values.merge === true) {
    await writeOutput(io, source.file, merged.text)
    written.push(source.file)
  }
  if (values.out !== undefined) {
    const header = [
      `Rendered by keyward render runner from ${source.file}, environment ${env.environment.name}.`,
    ]
    written.push(
      ...(await writeFilesIn(io, values.out, [
        [files.entry, entryText],
        ...deploymentFile(files.deployment, deployment, format, header),
      ])),
    )
  }
  if (written.length === 0) io.stdout(entryText)
  else io.stdout(written.map((w) => `wrote ${w}\n`).join(''))
  io.stderr(
    runnerSummary(
      {
        file: source.file,
        id,
        role,
        resolved,
        trust,
        check,
        deployment,
        merged: values.merge === true,
        replaced: merged.replaced,
        deploymentFile: values.out === undefined ? undefined : files.deployment,
        defaultFile: files.deployment,
      },
      io.color ? COLOR : PLAIN,
    ),
  )
  return EXIT.ok
}

function trustOf(values: RunnerFlags): RunnerTrust {
  const issuer = values.kubernetes
  const account = values['service-account']
  const central = values.central
  if (central !== undefined && (issuer !== undefined || account !== undefined))
    throw new UsageError('usage', 'Choose --central or --kubernetes, not both.')
  if (central !== undefined) {
    if (!/^(arn:|\$\{)/.test(central)) {
      throw new UsageError(
        'usage',
        `--central "${central}" is not an ARN.`,
        'Pass the central runner’s role, e.g. --central arn:aws:iam::111122223333:role/keyward-runner.',
      )
    }
    return { kind: 'central', principal: central }
  }
  if (issuer === undefined && account === undefined) return { kind: 'lambda' }
  if (issuer === undefined || account === undefined) {
    throw new UsageError(
      'usage',
      '--kubernetes and --service-account go together.',
      'E.g. --kubernetes https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE --service-account keyward/runner.',
    )
  }
  if (!/^(https:\/\/|\$\{)/.test(issuer)) {
    throw new UsageError(
      'usage',
      `--kubernetes "${issuer}" is not an https:// URL.`,
      'Pass the cluster’s OIDC issuer, e.g. https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE.',
    )
  }
  const [namespace, name, ...rest] = account.split('/')
  if (
    namespace === undefined ||
    name === undefined ||
    namespace === '' ||
    name === '' ||
    rest.length > 0
  ) {
    throw new UsageError(
      'usage',
      `--service-account "${account}" is not NAMESPACE/NAME.`,
      'E.g. --service-account keyward/runner.',
    )
  }
  return { kind: 'kubernetes', issuer, namespace, serviceAccount: name }
}

function scheduleOf(given: string | undefined, trust: RunnerTrust): string {
  if (trust.kind === 'central') {
    if (given === undefined) return ''
    throw new UsageError(
      'usage',
      '--schedule has no effect with --central: the central runner’s own deployment says when it runs.',
    )
  }
  if (trust.kind === 'kubernetes') {
    const schedule = given ?? DEFAULT_CRON
    if (CRON_SCHEDULE.test(schedule.trim())) return schedule.trim()
    throw new UsageError(
      'usage',
      `--schedule "${schedule}" is not a Kubernetes cron schedule.`,
      'Five fields (minute hour day month weekday), e.g. --schedule "17 3 * * *", or @daily.',
    )
  }
  const schedule = given ?? DEFAULT_SCHEDULE
  if (SCHEDULE_EXPRESSION.test(schedule.trim())) return schedule.trim()
  throw new UsageError(
    'usage',
    `--schedule "${schedule}" is not an EventBridge Scheduler expression.`,
    'E.g. --schedule "rate(1 day)" or --schedule "cron(17 3 * * ? *)".',
  )
}

/** The manifest with the runner; it must validate, or the entry is not one to hand out. */
async function loadWithRunner(io: Io, file: string, text: string): Promise<Manifest> {
  const loaded = await loadManifest({ file, text })
  if (loaded.kind === 'valid') return loaded.manifest
  const style = io.color ? COLOR : PLAIN
  for (const d of loaded.diagnostics.filter((d) => d.severity === 'error'))
    io.stderr(`${formatDiagnostic(d, text, style)}\n\n`)
  throw new UsageError(
    'invalid-manifest',
    `With the runner added, ${file} does not validate; nothing was rendered.`,
    'The errors above are in the manifest as it would be with the runner (line numbers included). A policy past IAM’s size limit means too many users for one runner: split them over environments.',
  )
}

/** The check of the manifest with the runner: every one of its promises must hold everywhere. */
async function proveRunner(manifest: Manifest, id: string): Promise<CheckResult> {
  const environments = [...manifest.environments.values()]
  const result = await runCheck({
    file: manifest.file,
    project: manifest.spec.project,
    environments,
  })
  for (const env of result.environments) {
    const runner = env.identities.find((i) => i.id === id)
    const broken = runner?.never.find((n) => n.verdict !== 'holds')
    if (runner === undefined || broken !== undefined) {
      throw new InternalError(
        `The runner's never assertion on ${broken?.actions.join(', ') ?? '(missing)'} does not hold in ${env.name}.`,
      )
    }
  }
  return result
}

function runnerIn(manifest: Manifest, env: string, id: string): ResolvedRole {
  const role = manifest.environments.get(env)?.identities.find((i) => i.id === id)
  if (role?.type !== 'role') throw new InternalError(`The runner ${id} is missing from ${env}.`)
  return role
}

async function deploymentOf(
  trust: RunnerTrust,
  input: {
    readonly withRunner: Manifest
    readonly env: string
    readonly role: ResolvedRole
    readonly text: string
    readonly schedule: string
  },
): Promise<Deployment> {
  const env = input.withRunner.environments.get(input.env)
  if (env === undefined) throw new InternalError(`Environment ${input.env} vanished.`)
  if (trust.kind === 'central') return { kind: 'central' }
  if (trust.kind === 'lambda') {
    if (!FUNCTION_NAME.test(input.role.name)) {
      throw new UsageError(
        'usage',
        `The runner's function would be named ${input.role.name}, but Lambda function names take only letters, digits, - and _.`,
        'Run it from Kubernetes (--kubernetes) or from a central runner (--central) instead.',
      )
    }
    return {
      kind: 'scheduler',
      template: schedulerTemplate({
        project: env.project,
        environment: input.env,
        roleName: input.role.name,
        rolePath: input.role.path,
        schedule: input.schedule,
      }),
    }
  }
  const rendered = runnerCronJob({
    env,
    role: input.role,
    manifest: input.text,
    version: await version(),
    schedule: input.schedule,
  })
  if (rendered.kind === 'no-service-account')
    throw new InternalError(`The runner ${input.role.id} trusts no service account.`)
  return { kind: 'cronjob', objects: rendered.objects }
}

/** The entry with a header saying where it goes, indented as an entry of `identities:`. */
function fragment(file: string, id: string, entry: unknown): string {
  const header = [
    `# The keyward runner's role: add it under \`identities:\` in ${file}`,
    '# (or run render runner again with --merge), then `keyward apply`.',
  ]
  return `${header.join('\n')}\n${entryYaml(id, entry)}`
}

function entryJson(id: string, entry: unknown): string {
  return `${JSON.stringify({ identities: { [id]: entry } }, null, 2)}\n`
}

/** Where `--out DIR` writes the entry and the deployment. */
function outFiles(dir: string, stem: string, format: 'yaml' | 'json', id: string) {
  return {
    entry: join(dir, `${id}.${format}`),
    deployment: (kind: 'scheduler' | 'cronjob') => join(dir, `${stem}-${kind}.${format}`),
  }
}

function deploymentFile(
  path: (kind: 'scheduler' | 'cronjob') => string,
  deployment: Deployment,
  format: 'yaml' | 'json',
  header: readonly string[],
): [string, string][] {
  if (deployment.kind === 'scheduler') {
    const text =
      format === 'json'
        ? `${JSON.stringify(deployment.template, null, 2)}\n`
        : // CloudFormation reads YAML 1.1, where an unquoted 2010-09-09 is a date.
          `${header.map((h) => `# ${h}\n`).join('')}${stringify(deployment.template, { lineWidth: 0, version: '1.1' })}`
    return [[path('scheduler'), text]]
  }
  if (deployment.kind === 'cronjob') {
    const text =
      format === 'json'
        ? kubernetesList(deployment.objects)
        : kubernetesYaml(deployment.objects, header)
    return [[path('cronjob'), text]]
  }
  return []
}
