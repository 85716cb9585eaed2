/**
 * The access key lifecycle as real IAM enforces it and moto does not: moto accepts any signature,
 * so a key works the instant it is created and keeps working once deactivated or deleted. The
 * fault proxy learns each key from the IAM traffic it forwards and, when asked to, refuses
 * requests signed with a key that real AWS would not yet, or no longer, recognise.
 */

/** What the fault proxy enforces about access keys it saw through IAM. Every part is opt-in. */
export interface KeyRules {
  /**
   * Covers moto's instant keys: IAM is eventually consistent, and a new key is unknown to the
   * other services for a few seconds after CreateAccessKey answers. A request signed with a key
   * the proxy saw created less than this many ms ago is refused. Absent or 0: off.
   */
  readonly propagationDelayMs?: number
  /**
   * Covers moto accepting any key: a request signed with a key the proxy saw set Inactive (and
   * not Active again since) or deleted is refused, as IAM no longer recognises it.
   */
  readonly rejectInactive?: boolean
}

/** Why a key is refused; the answer is the same "unknown key" error either way. */
export type KeyRefusal = 'propagating' | 'inactive' | 'deleted'

interface KnownKey {
  /** Absent for keys whose creation the proxy did not see: they never propagate. */
  createdAt?: number
  status: 'Active' | 'Inactive' | 'Deleted'
}

export interface KeyLedger {
  /** Learns from one request the target answered; anything but the three key writes is ignored. */
  observe(operation: string, request: Buffer, status: number, response: Buffer): void
  /** Why a request signed with this key must be refused under these rules, if it must. */
  refusal(accessKeyId: string | undefined, rules: KeyRules): KeyRefusal | undefined
}

export function keyLedger(now: () => number = () => performance.now()): KeyLedger {
  const keys = new Map<string, KnownKey>()

  const setStatus = (accessKeyId: string, status: KnownKey['status']): void => {
    const known = keys.get(accessKeyId)
    if (known === undefined) keys.set(accessKeyId, { status })
    else known.status = status
  }

  return {
    observe(operation, request, status, response) {
      // A refused write changed nothing in IAM, so it must not change what the proxy believes.
      if (status !== 200) return
      if (operation === 'iam:CreateAccessKey') {
        const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(response.toString('utf8'))
        if (accessKeyId?.[1] !== undefined) {
          keys.set(accessKeyId[1], { createdAt: now(), status: 'Active' })
        }
        return
      }
      if (operation !== 'iam:UpdateAccessKey' && operation !== 'iam:DeleteAccessKey') return
      const form = new URLSearchParams(request.toString('utf8'))
      const accessKeyId = form.get('AccessKeyId')
      if (accessKeyId === null) return
      if (operation === 'iam:DeleteAccessKey') {
        setStatus(accessKeyId, 'Deleted')
        return
      }
      const next = form.get('Status')
      if (next === 'Active' || next === 'Inactive') setStatus(accessKeyId, next)
    },

    refusal(accessKeyId, rules) {
      const known = accessKeyId === undefined ? undefined : keys.get(accessKeyId)
      if (known === undefined) return undefined
      if (rules.rejectInactive === true) {
        if (known.status === 'Deleted') return 'deleted'
        if (known.status === 'Inactive') return 'inactive'
      }
      const delay = rules.propagationDelayMs ?? 0
      if (known.createdAt !== undefined && now() - known.createdAt < delay) return 'propagating'
      return undefined
    },
  }
}

export function checkKeyRules(rules: KeyRules): KeyRules {
  const delay = rules.propagationDelayMs ?? 0
  if (!(delay >= 0 && Number.isFinite(delay))) {
    throw new Error(`propagationDelayMs must be a finite number >= 0, got ${delay}`)
  }
  return rules
}

/**
 * The access key id and signing name from a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/sts/aws4_request, ...`.
 */
export function credentialScope(
  authorization: string | undefined,
): { readonly accessKeyId: string; readonly service: string } | undefined {
  const scope = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    authorization ?? '',
  )
  if (scope?.[1] === undefined || scope[2] === undefined) return undefined
  return { accessKeyId: scope[1], service: scope[2].toLowerCase() }
}
