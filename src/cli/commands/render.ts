/**
 * `keyward render k8s`: the Kubernetes objects an environment's consumers and roles need, ready
 * for `kubectl apply`. Offline: who can read each store is proven from the manifest's policies.
 * `keyward render runner` (render-runner.ts): the role and deployment of a scheduled rotation.
 */
import { join } from 'node:path'
import { UsageError } from '../../errors.ts'
import type { KubeObject } from '../../k8s/objects.ts'
import type { RenderProblem } from '../../k8s/problems.ts'
import type { KubernetesRender } from '../../k8s/render.ts'
import { locationText } from '../../model/resolved.ts'
import { kubernetesList, kubernetesYaml, objectTitle } from '../../report/k8s-yaml.ts'
import { plural } from '../../report/diagnostics.ts'
import { COLOR, PLAIN, type Style } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { chooseEnvironment } from '../environments.ts'
import { EXIT } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { renderEnvironment } from '../kubernetes.ts'
import { DEFAULT_MANIFEST, loadValidManifest, writeFilesIn } from '../manifest-files.ts'

const TARGETS = ['k8s', 'runner'] as const

/** Options only `render runner` takes. */
const RUNNER_ONLY = ['schedule', 'kubernetes', 'service-account', 'central', 'id', 'merge'] as const

export async function renderCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('render', args, {
    env: { type: 'string', short: 'e' },
    output: { type: 'string', short: 'o' },
    out: { type: 'string' },
    restarts: { type: 'boolean' },
    schedule: { type: 'string' },
    kubernetes: { type: 'string' },
    'service-account': { type: 'string' },
    central: { type: 'string' },
    id: { type: 'string' },
    merge: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true && COMMANDS['render']) {
    io.stdout(commandHelp(COMMANDS['render']))
    return EXIT.ok
  }
  const [target, file, ...extra] = positionals
  if (target === undefined || !(TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(
      'usage',
      target === undefined ? 'render needs a target.' : `Unknown render target "${target}".`,
      'Run `keyward render k8s FILE --env ENV` or `keyward render runner FILE --env ENV`.',
    )
  }
  if (extra.length > 0) throw new UsageError('usage', `render ${target} takes one manifest.`)
  const format =
    values.output === undefined ? 'yaml' : outputFormat(values.output, ['yaml', 'json'])
  if (target === 'runner') {
    if (values.restarts === true)
      throw new UsageError('usage', '--restarts is an option of render k8s, not render runner.')
    const { renderRunner } = await import('./render-runner.ts')
    return renderRunner(values, file ?? DEFAULT_MANIFEST, format === 'json' ? 'json' : 'yaml', io)
  }
  const given = RUNNER_ONLY.filter((o) => values[o] !== undefined)
  if (given.length > 0) {
    throw new UsageError(
      'usage',
      `${given.map((o) => `--${o}`).join(', ')} ${given.length === 1 ? 'is an option' : 'are options'} of render runner, not render k8s.`,
    )
  }
  if (values.out !== undefined && values.restarts === true) {
    throw new UsageError(
      'usage',
      '--restarts prints the restart annotations; --out already writes them to their own file.',
      'Use one or the other.',
    )
  }
  const { source, manifest } = await loadValidManifest(io, file ?? DEFAULT_MANIFEST, 'rendered')
  const env = chooseEnvironment(manifest, values.env)
  const rendered = renderEnvironment(env)
  const style = io.color ? COLOR : PLAIN
  for (const p of rendered.problems) io.stderr(formatProblem(p, style))
  const errors = rendered.problems.filter((p) => p.severity === 'error').length
  if (errors > 0) {
    io.stderr(
      `${style.red('✖')} ${source.file}: ${plural(errors, 'problem')} in environment ${env.environment.name}; nothing was rendered.\n`,
    )
    return EXIT.user
  }
  const bootstrapCommand = `keyward bootstrap k8s ${source.file} --env ${env.environment.name}`
  const header = [
    `Rendered by keyward from ${source.file}, environment ${env.environment.name}. Do not edit: render again.`,
  ]
  const text = (objects: readonly KubeObject[], lines: readonly string[]) =>
    format === 'json' ? kubernetesList(objects) : kubernetesYaml(objects, [...header, ...lines])
  const restartHeader = [
    'Reloader annotations for workloads keyward does not own. Apply with server-side apply so',
    'nothing else in them changes: kubectl apply --server-side --field-manager=keyward -f FILE',
  ]
  if (values.out === undefined) {
    io.stdout(
      values.restarts === true
        ? text(rendered.restarts, restartHeader)
        : text(rendered.objects, []),
    )
    io.stderr(summary(rendered, bootstrapCommand, values.restarts === true))
    return EXIT.ok
  }
  const stem = join(values.out, `${manifest.spec.project}-${env.environment.name}`)
  const extension = format === 'json' ? 'json' : 'yaml'
  const written = await writeFilesIn(io, values.out, [
    [`${stem}.${extension}`, text(rendered.objects, [])],
    ...(rendered.restarts.length === 0
      ? []
      : ([[`${stem}-restarts.${extension}`, text(rendered.restarts, restartHeader)]] as const)),
  ])
  io.stdout(written.map((w) => `wrote ${w}\n`).join(''))
  io.stderr(summary(rendered, bootstrapCommand, false, true))
  return EXIT.ok
}

function formatProblem(p: RenderProblem, style: Style): string {
  const label = p.severity === 'error' ? style.red('error') : style.yellow('warning')
  const hint = p.hint === undefined ? '' : `  hint: ${p.hint}\n`
  return `${locationText(p.at)}: ${label}: ${p.message}\n${hint}`
}

function summary(
  rendered: KubernetesRender,
  bootstrapCommand: string,
  restarts: boolean,
  written = false,
): string {
  const counts = new Map<string, number>()
  for (const o of rendered.objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1)
  const parts = [...counts.entries()].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`)
  const lines = [
    restarts
      ? `Rendered Reloader annotations for ${plural(rendered.restarts.length, 'workload')}.`
      : `Rendered ${parts.length === 0 ? 'nothing' : parts.join(', ')}.`,
  ]
  if (!restarts && !written && rendered.restarts.length > 0) {
    lines.push(
      `${rendered.restarts.map(objectTitle).join(', ')} ${rendered.restarts.length === 1 ? 'restarts' : 'restart'} on rotation through Reloader: \`--restarts\` prints the annotations for server-side apply.`,
    )
  }
  for (const b of rendered.bootstraps) {
    lines.push(
      `ESO signs in with ${b.identity}'s key from Secret ${b.namespace}/${b.secret}: create it once with \`${bootstrapCommand}\`.`,
    )
  }
  return `${lines.join('\n')}\n`
}
