/**
 * The Kubernetes objects keyward renders, typed only as far as keyward fills them: apiVersion,
 * kind and metadata are common to all; the rest is each kind's own.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/
 */
export interface ObjectMeta {
  readonly name: string
  readonly namespace?: string
  readonly labels?: Readonly<Record<string, string>>
  readonly annotations?: Readonly<Record<string, string>>
}

export interface KubeObject {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: ObjectMeta
  readonly [field: string]: unknown
}

/** External Secrets Operator's stable API (v0.17 and later). */
export const ESO_API = 'external-secrets.io/v1'

/** https://github.com/stakater/Reloader#how-to-use-reloader */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload'
/** Read by EKS's pod identity webhook and by ESO's `auth.jwt`. */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn'

export const MANAGED_BY = 'app.kubernetes.io/managed-by'
export const LABEL_PROJECT = 'keyward/project'
export const LABEL_ENV = 'keyward/environment'
export const LABEL_ID = 'keyward/id'

/** Labels that let `kubectl get -l keyward/project=P` find everything keyward rendered. */
export function keywardLabels(
  project: string,
  environment: string,
  id: string,
): Record<string, string> {
  return {
    [MANAGED_BY]: 'keyward',
    [LABEL_PROJECT]: labelValue(project),
    [LABEL_ENV]: labelValue(environment),
    [LABEL_ID]: labelValue(id),
  }
}

/** A label value is at most 63 of `[A-Za-z0-9._-]`, starting and ending alphanumeric. */
function labelValue(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63)
  return cleaned.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
}

/**
 * An IAM name (letters, digits, `+=,.@_-`, any case) as an object name (RFC 1123 subdomain):
 * lower-cased, other characters as `-`.
 */
export function objectName(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .slice(0, 253)
  return cleaned.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'keyward'
}
