import { storeReaders } from '../analyze/store-readers.ts'
import { renderKubernetes, type KubernetesRender } from '../k8s/render.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'

/** The Kubernetes side of an environment, each store's readers proven by the evaluator. */
export function renderEnvironment(env: ResolvedEnvironment): KubernetesRender {
  return renderKubernetes(env, (store) => storeReaders(env, store))
}
