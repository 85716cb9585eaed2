/**
 * An HTTP proxy that sits between the AWS SDK and moto and misbehaves on purpose: it answers with
 * AWS's own throttling and server errors, delays, drops connections before or after the change
 * reached the emulator, or never answers. Tests use it to prove keyward survives what real AWS
 * does to it, with the exact operation and the exact moment chosen by the test.
 *
 * It also plays the parts of AWS that moto leaves out, so the proxy and moto together behave like
 * one account: access keys that take time to propagate and stop working once deactivated
 * (`setKeyRules`), and per-API rate limits (`setRateCaps`). Each request first meets the fault
 * rules (the network and front door), and only if it would reach AWS, the key rules and then the
 * rate caps — AWS authenticates a request before it counts it against the account's limits.
 */
import { randomUUID } from 'node:crypto'
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import type { Socket } from 'node:net'
import { mulberry32 } from '../differential/random.ts'
import { checkKeyRules, credentialScope, keyLedger, type KeyRules } from './key-faults.ts'

export type { KeyRules } from './key-faults.ts'

export type FaultKind =
  /** Answer with the service's real throttling error without forwarding. */
  | 'throttle'
  /** Answer with a 500 (or `status: 503`) in the service's error format without forwarding. */
  | 'server-error'
  /**
   * Forward after `delayMs`. The delay stands for the trip to AWS, so key rules and rate caps
   * judge the request when it arrives, after the delay, and a refusal is delayed too.
   */
  | 'latency'
  /** Destroy the client socket without forwarding: the SDK sees a reset connection. */
  | 'drop-before'
  /** Forward, so the change happens, then destroy the socket instead of answering. */
  | 'drop-after'
  /** Never answer until the proxy closes, so a test can kill a client mid-request. */
  | 'hold'

/** What a call records: a rule's kind, or 'rejected-key' when the key rules refused its key. */
export type CallFault = FaultKind | 'rejected-key'

export interface FaultRule {
  readonly kind: FaultKind
  /** Which operations: exact 'iam:CreateUser', a RegExp on 'service:Operation', or all when absent. */
  readonly operation?: string | RegExp
  /** Chance per matching request, 0..1 (default 1), drawn from the proxy's seeded PRNG. */
  readonly probability?: number
  /** Apply to at most this many matching requests (default unlimited). */
  readonly times?: number
  /** Skip this many matching requests before the rule starts applying (default 0). */
  readonly after?: number
  /** For 'latency'. */
  readonly delayMs?: number
  /** For 'server-error': 500 (InternalFailure, the default) or 503 (ServiceUnavailable). */
  readonly status?: 500 | 503
}

export interface ProxyCall {
  readonly operation: string
  /** The access key id from the request's SigV4 signature; absent when it was not signed. */
  readonly accessKeyId?: string
  /**
   * The fault that decided the answer: a rule's kind, 'throttle' when a rate cap had no token
   * left, 'rejected-key' when the key rules refused the signing key.
   */
  readonly fault?: CallFault
  /** The HTTP status the client received; absent when the connection was dropped or held. */
  readonly status?: number
  /** What the target answered, when the request reached it: tests scan it for minted secrets. */
  readonly body?: Buffer
  /** What the client sent: tests read which resource a request named. */
  readonly request?: Buffer
}

/**
 * A token bucket shared by every request whose operation matches: AWS limits each API per
 * account. It starts full, holds at most `perSecond` tokens (the burst) and refills continuously.
 */
export interface RateCap {
  /** Exact 'iam:CreateAccessKey' or a RegExp on 'service:Operation'. */
  readonly operation: string | RegExp
  readonly perSecond: number
}

export interface FaultProxy {
  readonly endpoint: string
  /** Requests per operation that reached the proxy (faulted ones included). */
  readonly calls: ReadonlyMap<string, number>
  /** Requests forwarded to the target per operation (what actually reached AWS). */
  readonly forwarded: ReadonlyMap<string, number>
  /** Requests per operation answered with a throttling error, by a rate cap or a 'throttle' rule. */
  readonly throttled: ReadonlyMap<string, number>
  total(): number
  /** Clears `calls`, `forwarded` and `throttled`; what the proxy learnt about keys stays. */
  resetCounts(): void
  /**
   * Replaces the rules and restarts their `times`/`after` counting; the PRNG runs on. The first
   * rule that matches and fires wins, so a catch-all latency rule shadows every rule after it.
   */
  setRules(rules: readonly FaultRule[]): void
  /**
   * Replaces the key rules; `{}` turns them off. Keys are learnt from the IAM traffic the proxy
   * forwards whatever the rules, so rules set later apply to keys created earlier. Keys it never
   * saw created (the test's own credentials, keys made straight in moto) are not delayed; a key
   * it saw deactivated or deleted is refused under `rejectInactive` either way. A refused
   * request is answered the way AWS answers an unknown key, without forwarding: 403
   * InvalidClientTokenId (STS, IAM), 400 UnrecognizedClientException (Secrets Manager, SSM).
   */
  setKeyRules(rules: KeyRules): void
  /**
   * Replaces the rate caps with fresh, full buckets; `[]` removes them. A request needs a token
   * from every cap that matches it; without one it gets the service's throttling error, is not
   * forwarded, and no bucket is charged.
   */
  setRateCaps(caps: readonly RateCap[]): void
  /**
   * Called once per request when it is handled: answered, faulted or dropped — and for 'hold'
   * as soon as the request is being held, which is the moment a test wants to act.
   */
  onCall(listener: (call: ProxyCall) => void): () => void
  /** Stops listening and destroys every open connection, held ones included. */
  close(): Promise<void>
}

type Protocol = 'query' | 'json' | 'rest-json' | 'rest-xml' | 'cbor'

export interface Identified {
  readonly service: string
  readonly operation: string
  readonly protocol: Protocol
}

interface ArmedRule {
  readonly rule: FaultRule
  seen: number
  applied: number
}

interface Bucket {
  readonly cap: RateCap
  tokens: number
  refilledAt: number
}

type Answer = { status: number; headers: OutgoingHttpHeaders; body: Buffer }

export async function startFaultProxy(
  target: string,
  options: {
    seed?: number
    rules?: readonly FaultRule[]
    keyRules?: KeyRules
    rateCaps?: readonly RateCap[]
    /**
     * Forward requests with the Host they were signed for (the proxy's), not the target's, so
     * that moto can check their signatures once a test turns IAM enforcement on.
     */
    keepHost?: boolean
  } = {},
): Promise<FaultProxy> {
  const upstream = new URL(target)
  if (upstream.protocol !== 'http:') throw new Error(`target must be http, got ${target}`)
  const random = mulberry32(options.seed ?? 1)
  const calls = new Map<string, number>()
  const forwarded = new Map<string, number>()
  const throttled = new Map<string, number>()
  const listeners = new Set<(call: ProxyCall) => void>()
  const timers = new Set<NodeJS.Timeout>()
  let armed = arm(options.rules ?? [])
  const keys = keyLedger()
  let keyRules = checkKeyRules(options.keyRules ?? {})
  let buckets = fill(options.rateCaps ?? [])
  let closed = false

  const emit = (call: ProxyCall): void => {
    for (const listener of listeners) listener(call)
  }

  const choose = (operation: string): FaultRule | undefined => {
    for (const entry of armed) {
      if (!matches(entry.rule.operation, operation)) continue
      entry.seen++
      if (entry.seen <= (entry.rule.after ?? 0)) continue
      if (entry.applied >= (entry.rule.times ?? Infinity)) continue
      const probability = entry.rule.probability ?? 1
      // Only uncertain rules draw, so adding a certain rule does not shift a seeded pattern.
      if (probability < 1 && random() >= probability) continue
      entry.applied++
      return entry.rule
    }
    return undefined
  }

  /** The emulated parts of AWS, judged in the order AWS applies them; undefined lets it in. */
  const admit = (
    id: Identified,
    accessKeyId: string | undefined,
  ): { fault: 'rejected-key' | 'throttle'; answer: Answer } | undefined => {
    const operation = `${id.service}:${id.operation}`
    if (keys.refusal(accessKeyId, keyRules) !== undefined) {
      return { fault: 'rejected-key', answer: unknownKey(id) }
    }
    const now = performance.now()
    const matching = buckets.filter((bucket) => matches(bucket.cap.operation, operation))
    for (const bucket of matching) refill(bucket, now)
    if (matching.some((bucket) => bucket.tokens < 1)) {
      bump(throttled, operation)
      return { fault: 'throttle', answer: throttling(id) }
    }
    for (const bucket of matching) bucket.tokens--
    return undefined
  }

  const forward = async (id: Identified, req: IncomingMessage, body: Buffer): Promise<Answer> => {
    const operation = `${id.service}:${id.operation}`
    bump(forwarded, operation)
    const answer = await new Promise<Answer>((resolve, reject) => {
      const headers: OutgoingHttpHeaders = {
        ...req.headers,
        ...(options.keepHost === true ? {} : { host: upstream.host }),
      }
      headers['content-length'] = String(body.length)
      delete headers['transfer-encoding']
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', reject)
          res.on('end', () => {
            resolve({
              status: res.statusCode ?? 502,
              headers: passableHeaders(res.headers),
              body: Buffer.concat(chunks),
            })
          })
        },
      )
      out.on('error', reject)
      out.end(body)
    })
    keys.observe(operation, body, answer.status, answer.body)
    return answer
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req)
    const id = identify(req, body)
    const operation = `${id.service}:${id.operation}`
    const accessKeyId = credentialScope(req.headers.authorization)?.accessKeyId
    const signed = { ...(accessKeyId === undefined ? {} : { accessKeyId }), request: body }
    bump(calls, operation)
    const rule = choose(operation)
    const kind = rule?.kind
    const fault = kind === undefined ? {} : { fault: kind }

    const relay = async (): Promise<void> => {
      const refused = admit(id, accessKeyId)
      if (refused !== undefined) {
        res.writeHead(refused.answer.status, refused.answer.headers)
        res.end(refused.answer.body)
        emit({ operation, ...signed, fault: refused.fault, status: refused.answer.status })
        return
      }
      let answer: Answer
      try {
        answer = await forward(id, req, body)
      } catch (error) {
        answer = failure(id, 502, 'BadGateway', `proxy could not reach target: ${String(error)}`)
      }
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body)
      emit({ operation, ...signed, ...fault, status: answer.status, body: answer.body })
    }

    switch (kind) {
      case undefined:
        await relay()
        return
      case 'throttle':
      case 'server-error': {
        if (kind === 'throttle') bump(throttled, operation)
        const answer =
          kind === 'throttle'
            ? throttling(id)
            : rule?.status === 503
              ? failure(id, 503, 'ServiceUnavailable', 'Service is unavailable')
              : failure(id, 500, 'InternalFailure', 'An internal error occurred')
        res.writeHead(answer.status, answer.headers)
        res.end(answer.body)
        emit({ operation, ...signed, fault: kind, status: answer.status })
        return
      }
      case 'latency':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer)
            resolve()
          }, rule?.delayMs ?? 0)
          timers.add(timer)
        })
        if (!closed) await relay()
        return
      case 'drop-before':
        req.socket.destroy()
        emit({ operation, ...signed, fault: kind })
        return
      case 'drop-after': {
        let answered: Buffer | undefined
        try {
          // Had AWS refused the key or throttled the call, nothing changed before the drop.
          if (admit(id, accessKeyId) === undefined) answered = (await forward(id, req, body)).body
        } finally {
          req.socket.destroy()
          const reached = answered === undefined ? {} : { body: answered }
          emit({ operation, ...signed, fault: kind, ...reached })
        }
        return
      }
      case 'hold':
        // The socket stays open; close() destroys it along with every other connection.
        emit({ operation, ...signed, fault: kind })
        return
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The client may already be gone (it was dropped, or it hung up first); nothing to answer.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`fault proxy failed: ${String(error)}`)
      }
    })
  })
  // Destroyed sockets surface as client errors; they are the point of this proxy, not a failure.
  server.on('clientError', (_error, socket: Socket) => socket.destroy())
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')

  let closing: Promise<void> | undefined
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    calls,
    forwarded,
    throttled,
    total: () => [...calls.values()].reduce((sum, n) => sum + n, 0),
    resetCounts() {
      calls.clear()
      forwarded.clear()
      throttled.clear()
    },
    setRules(rules) {
      armed = arm(rules)
    },
    setKeyRules(rules) {
      keyRules = checkKeyRules(rules)
    },
    setRateCaps(caps) {
      buckets = fill(caps)
    },
    onCall(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed = true
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

function arm(rules: readonly FaultRule[]): ArmedRule[] {
  for (const rule of rules) {
    const p = rule.probability ?? 1
    if (!(p >= 0 && p <= 1)) throw new Error(`probability must be within 0..1, got ${p}`)
  }
  return rules.map((rule) => ({ rule, seen: 0, applied: 0 }))
}

function fill(caps: readonly RateCap[]): Bucket[] {
  for (const cap of caps) {
    if (!(cap.perSecond > 0 && Number.isFinite(cap.perSecond))) {
      throw new Error(`perSecond must be a finite number > 0, got ${cap.perSecond}`)
    }
  }
  const now = performance.now()
  return caps.map((cap) => ({ cap, tokens: cap.perSecond, refilledAt: now }))
}

function refill(bucket: Bucket, now: number): void {
  const earned = ((now - bucket.refilledAt) / 1000) * bucket.cap.perSecond
  bucket.tokens = Math.min(bucket.cap.perSecond, bucket.tokens + earned)
  bucket.refilledAt = now
}

function matches(selector: string | RegExp | undefined, operation: string): boolean {
  if (selector === undefined) return true
  if (typeof selector === 'string') return selector === operation
  selector.lastIndex = 0
  return selector.test(operation)
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Names a request the way IAM policies name actions: lowercase service prefix, API operation. */
export function identify(
  req: { readonly headers: IncomingHttpHeaders; readonly url?: string | undefined },
  body: Buffer,
): Identified {
  const headers = req.headers
  // The SigV4 credential scope carries the signing name, which for these services is the same
  // prefix IAM actions use; the protocol-specific parts only say which operation.
  const signed = credentialScope(headers.authorization)?.service

  const target = single(headers['x-amz-target'])
  if (target !== undefined) {
    const dot = target.lastIndexOf('.')
    const prefix = target.slice(0, dot).toLowerCase()
    return {
      service: signed ?? TARGET_PREFIXES[prefix] ?? prefix,
      operation: target.slice(dot + 1),
      protocol: 'json',
    }
  }

  const path = new URL(req.url ?? '/', 'http://proxy')
  const rpc = /^\/service\/([^/]+)\/operation\/([^/]+)$/.exec(path.pathname)
  if (rpc?.[1] !== undefined && rpc[2] !== undefined) {
    return { service: signed ?? rpc[1].toLowerCase(), operation: rpc[2], protocol: 'cbor' }
  }

  // S3 is REST: of its operations, keyward sends only a rotation canary's ListObjectsV2.
  if (signed === 's3') {
    const operation = path.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : 'unknown'
    return { service: 's3', operation, protocol: 'rest-xml' }
  }

  const contentType = single(headers['content-type']) ?? ''
  const action =
    path.searchParams.get('Action') ??
    (contentType.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(body.toString('utf8')).get('Action')
      : null)
  if (action !== null) {
    return { service: signed ?? 'unknown', operation: action, protocol: 'query' }
  }
  return { service: signed ?? 'unknown', operation: 'unknown', protocol: 'rest-json' }
}

// Only consulted for unsigned JSON requests, which the SDK never sends; kept so a hand-made
// request still gets a sensible name.
const TARGET_PREFIXES: Readonly<Record<string, string>> = {
  amazonssm: 'ssm',
  secretsmanager: 'secretsmanager',
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

// The codes are the ones the SDK maps to a named error when these services answer for real.
const JSON_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  secretsmanager: { InternalFailure: 'InternalServiceError', Throttling: 'ThrottlingException' },
  ssm: { InternalFailure: 'InternalServerError', Throttling: 'ThrottlingException' },
}

// What JSON-protocol services in general call the errors the query protocol names otherwise.
const JSON_DEFAULT_CODES: Readonly<Record<string, string>> = {
  Throttling: 'ThrottlingException',
  InvalidClientTokenId: 'UnrecognizedClientException',
}

const QUERY_NAMESPACES: Readonly<Record<string, string>> = {
  iam: ' xmlns="https://iam.amazonaws.com/doc/2010-05-08/"',
  sts: ' xmlns="https://sts.amazonaws.com/doc/2011-06-15/"',
}

function throttling(id: Identified): Answer {
  return failure(id, 400, 'Throttling', 'Rate exceeded')
}

/**
 * AWS's answer to a signature by a key it does not know. The query services say 403; the JSON
 * ones answer UnrecognizedClientException with a 400, which is what they send for real.
 */
function unknownKey(id: Identified): Answer {
  if (id.protocol === 'rest-xml') return failure(id, 403, 'InvalidAccessKeyId', S3_UNKNOWN_KEY)
  const status = id.protocol === 'query' ? 403 : 400
  return failure(id, status, 'InvalidClientTokenId', INVALID_TOKEN)
}

const S3_UNKNOWN_KEY = 'The AWS Access Key Id you provided does not exist in our records.'

const INVALID_TOKEN = 'The security token included in the request is invalid.'

function failure(id: Identified, status: number, code: string, message: string): Answer {
  const requestId = randomUUID()
  if (id.protocol === 'rest-xml') {
    // S3's error document: no namespace, no type.
    const xml = `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body: Buffer.from(xml),
    }
  }
  if (id.protocol === 'query') {
    const type = status < 500 ? 'Sender' : 'Receiver'
    const xml =
      `<ErrorResponse${QUERY_NAMESPACES[id.service] ?? ''}>` +
      `<Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`
    return {
      status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: Buffer.from(xml),
    }
  }
  const jsonCode = JSON_CODES[id.service]?.[code] ?? JSON_DEFAULT_CODES[code] ?? code
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': jsonCode,
      'x-amzn-requestid': requestId,
    },
    body: Buffer.from(JSON.stringify({ __type: jsonCode, message })),
  }
}

/** Drops hop-by-hop headers; the body is re-sent whole with its own length. */
function passableHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    if (HOP_BY_HOP.has(name)) continue
    out[name] = value
  }
  return out
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
])
