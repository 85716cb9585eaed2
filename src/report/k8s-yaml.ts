/**
 * Rendered Kubernetes objects as files `kubectl apply -f` takes: a YAML stream of documents, or
 * a JSON `List`. Keys keep their insertion order, which follows each kind's API reference.
 */
import { stringify } from 'yaml'
import type { KubeObject } from '../k8s/objects.ts'

export function kubernetesYaml(objects: readonly KubeObject[], header: readonly string[]): string {
  const comment = header.map((line) => `# ${line}\n`).join('')
  const documents = objects.map((o) => stringify(o, { lineWidth: 0 }))
  return `${comment}${documents.map((d) => `---\n${d}`).join('')}`
}

/** https://kubernetes.io/docs/reference/using-api/api-concepts/#collections */
export function kubernetesList(objects: readonly KubeObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`
}

/** `Deployment tomoda/tomoda-api`. */
export function objectTitle(o: KubeObject): string {
  const { namespace, name } = o.metadata
  return `${o.kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`
}
