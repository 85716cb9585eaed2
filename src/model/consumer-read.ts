/**
 * Which identity External Secrets Operator reads one consumer's store as: decided when the
 * Kubernetes side is rendered, and weighed again by `advise` to find readers that need no key.
 */
export interface ConsumerRead {
  /** Logical id of the user whose key the consumer reads. */
  readonly owner: string
  readonly namespace: string
  readonly secret: string
  /** Logical id of the user or role ESO signs in as. */
  readonly reader: string
}
