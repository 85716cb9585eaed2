/**
 * Restarts on rotation through Stakater Reloader: a workload annotated with the Secrets it reads
 * is rolled when their data changes, and only then, so a refresh that brings the same key
 * restarts nothing. keyward does not own the workloads, so each annotation is rendered as a
 * partial object for server-side apply, which touches only the fields it names.
 * https://github.com/stakater/Reloader
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { RELOADER_SECRET_ANNOTATION, type KubeObject } from './objects.ts'

const WORKLOAD_KIND = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
} as const

export function restartAnnotations(env: ResolvedEnvironment): KubeObject[] {
  const targets = new Map<
    string,
    { kind: string; name: string; namespace: string; secrets: string[] }
  >()
  for (const identity of env.identities) {
    if (identity.type !== 'user') continue
    for (const consumer of identity.consumers) {
      for (const target of consumer.restart) {
        const kind = WORKLOAD_KIND[target.kind]
        const key = `${consumer.namespace}/${kind}/${target.name}`
        const entry = targets.get(key) ?? {
          kind,
          name: target.name,
          namespace: consumer.namespace,
          secrets: [],
        }
        if (!entry.secrets.includes(consumer.secret)) entry.secrets.push(consumer.secret)
        targets.set(key, entry)
      }
    }
  }
  return [...targets.values()].map((t) => ({
    apiVersion: 'apps/v1',
    kind: t.kind,
    metadata: {
      name: t.name,
      namespace: t.namespace,
      annotations: { [RELOADER_SECRET_ANNOTATION]: t.secrets.join(',') },
    },
  }))
}
