/**
 * The SecretStores ESO authenticates through: one per reader, namespace and AWS service. A store
 * is namespaced where the reader's credentials live beside the consumer (a service account the
 * role trusts, or the user's own key Secret); otherwise it is a ClusterSecretStore restricted to
 * the consumers' namespaces, so no other namespace can borrow the reader.
 * https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
import type { ResolvedEnvironment, ResolvedIdentity, ResolvedStore } from '../model/resolved.ts'
import { keyFields } from './key-fields.ts'
import { ESO_API, keywardLabels, objectName, type KubeObject } from './objects.ts'
import { DEFAULT_AUDIENCE } from '../model/oidc-providers.ts'
import type { RenderProblem } from './problems.ts'
import { webIdentityTrust } from './web-identity.ts'

export interface StoreRef {
  readonly name: string
  readonly kind: 'SecretStore' | 'ClusterSecretStore'
}

type Service = 'SecretsManager' | 'ParameterStore'

/** The `auth` block, and whether it can only serve its own namespace. */
interface Auth {
  readonly namespaced: boolean
  readonly auth: Record<string, unknown>
}

/** Collects the stores the ExternalSecrets refer to, merging namespaces of cluster stores. */
export class SecretStores {
  private readonly stores = new Map<string, KubeObject>()
  private readonly clusterNamespaces = new Map<string, string[]>()

  private readonly env: ResolvedEnvironment

  constructor(env: ResolvedEnvironment) {
    this.env = env
  }

  /** The store `reader` is read through from `namespace`, or why there can be none. */
  refFor(
    reader: ResolvedIdentity,
    store: ResolvedStore,
    namespace: string,
  ): { readonly ref: StoreRef } | { readonly problem: Omit<RenderProblem, 'at'> } {
    const found = authFor(reader, namespace)
    if ('problem' in found) return found
    const service: Service = store.type === 'ssm' ? 'ParameterStore' : 'SecretsManager'
    const name = objectName(reader.name) + (service === 'ParameterStore' ? '-ssm' : '')
    const kind = found.namespaced ? 'SecretStore' : 'ClusterSecretStore'
    const key = found.namespaced ? `${kind}/${namespace}/${name}` : `${kind}/${name}`
    if (!this.stores.has(key)) {
      const { project, environment } = this.env
      this.stores.set(key, {
        apiVersion: ESO_API,
        kind,
        metadata: {
          name,
          ...(found.namespaced ? { namespace } : {}),
          labels: keywardLabels(project, environment.name, reader.id),
        },
        spec: {
          provider: { aws: { service, region: environment.region, auth: found.auth } },
        },
      })
    }
    if (!found.namespaced) {
      const namespaces = this.clusterNamespaces.get(key) ?? []
      if (!namespaces.includes(namespace)) namespaces.push(namespace)
      this.clusterNamespaces.set(key, namespaces)
    }
    return { ref: { name, kind } }
  }

  objects(): KubeObject[] {
    return [...this.stores.entries()].map(([key, store]) => {
      const namespaces = this.clusterNamespaces.get(key)
      if (namespaces === undefined) return store
      const spec = store['spec'] as Record<string, unknown>
      // Without conditions a ClusterSecretStore serves every namespace of the cluster.
      return { ...store, spec: { ...spec, conditions: [{ namespaces: [...namespaces].sort() }] } }
    })
  }
}

function authFor(
  reader: ResolvedIdentity,
  namespace: string,
): Auth | { readonly problem: Omit<RenderProblem, 'at'> } {
  if (reader.type === 'role') return roleAuth(reader, namespace)
  if (reader.type === 'group')
    return { problem: { severity: 'error', message: 'A group cannot sign requests.' } }
  const fields = reader.key === undefined ? undefined : keyFields(reader.key.format)
  if (reader.key === undefined || fields === undefined) {
    return {
      problem: {
        severity: 'error',
        message: `ESO would authenticate as ${reader.id}, but ${reader.key === undefined ? 'it has no access key' : 'its key format has no field holding only `${key.id}` and one holding only `${key.secret}`'}.`,
        hint: 'Give it a key whose format has `AWS_ACCESS_KEY_ID: ${key.id}` and `AWS_SECRET_ACCESS_KEY: ${key.secret}`, or read as a role.',
      },
    }
  }
  const home = reader.consumers.find((c) => c.namespace === namespace) ?? reader.consumers[0]
  if (home === undefined) {
    return {
      problem: {
        severity: 'error',
        message: `ESO would authenticate as ${reader.id}, but nothing says which Kubernetes Secret holds its key.`,
        hint: `Add a consumer to ${reader.id} (\`consumers: [{ kubernetes: { namespace: ${namespace}, secret: NAME } }]\`); \`keyward bootstrap k8s\` writes that Secret the first time.`,
      },
    }
  }
  const namespaced = home.namespace === namespace
  const ref = (key: string) => ({
    name: home.secret,
    key,
    ...(namespaced ? {} : { namespace: home.namespace }),
  })
  return {
    namespaced,
    auth: {
      secretRef: {
        accessKeyIDSecretRef: ref(fields.accessKeyId),
        secretAccessKeySecretRef: ref(fields.secretAccessKey),
      },
    },
  }
}

function roleAuth(
  role: Extract<ResolvedIdentity, { type: 'role' }>,
  namespace: string,
): Auth | { readonly problem: Omit<RenderProblem, 'at'> } {
  const trust = webIdentityTrust(role.trustPolicy)
  if (trust === undefined) {
    return {
      problem: {
        severity: 'error',
        message: `ESO would assume ${role.id}, but its trust lets no web identity assume it.`,
        hint: `Add \`trust.oidc\` with the cluster's issuer and the service account ESO uses, e.g. \`serviceAccounts: [${namespace}/${objectName(role.name)}]\`.`,
      },
    }
  }
  const audiences =
    trust.audiences.length === 0 ||
    (trust.audiences.length === 1 && trust.audiences[0] === DEFAULT_AUDIENCE)
      ? {}
      : { audiences: [...trust.audiences] }
  const local = trust.serviceAccounts.find((a) => a.namespace === namespace)
  if (local !== undefined) {
    return {
      namespaced: true,
      auth: { jwt: { serviceAccountRef: { name: local.name, ...audiences } } },
    }
  }
  const [only, ...others] = trust.serviceAccounts
  if (only !== undefined && others.length === 0) {
    return {
      namespaced: false,
      auth: {
        jwt: { serviceAccountRef: { name: only.name, namespace: only.namespace, ...audiences } },
      },
    }
  }
  return {
    problem: {
      severity: 'error',
      message: `${role.id} trusts no service account in namespace ${namespace}${only === undefined ? '' : ', and several elsewhere'}, so ESO has no token to assume it with.`,
      hint: `Add \`${namespace}/NAME\` to ${role.id}'s trust.oidc.serviceAccounts.`,
    },
  }
}
