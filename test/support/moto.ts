/**
 * A private moto server (AWS emulator) per test file, for integration tests that must talk to
 * something that behaves like AWS without touching a real account.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { createServer, Socket } from 'node:net'

export interface Moto {
  readonly endpoint: string
  readonly port: number
  readonly account: string
  /** Forgets every resource moto holds, so tests sharing one server start from nothing. */
  reset(): Promise<void>
  /** Kills the server and waits for it to exit; safe to call more than once. */
  stop(): Promise<void>
}

const DEFAULT_ACCOUNT = '123456789012'
const STARTUP_TIMEOUT_MS = 30_000
const STDERR_TAIL_BYTES = 4096
const PORT_TRIES = 3
const STDERR_BANNER = '--- moto stderr (tail) ---'

// Run through `-c` rather than `-m moto.server` so that the server also watches its stdin: when
// the test process dies in a way that skips its 'exit' handlers (SIGKILL, a runner killing the
// file), the pipe closes and moto exits instead of lingering on a port.
const LAUNCHER = [
  'import os, sys, threading',
  'def _watch():',
  '    sys.stdin.buffer.read()',
  '    os._exit(0)',
  'threading.Thread(target=_watch, daemon=True).start()',
  'from moto.server import main',
  'main(sys.argv[1:])',
].join('\n')

let available: boolean | undefined

/** Whether `python3` can run moto's server here; checked once per process. */
export function motoAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync('python3', ['-c', 'import moto.server'], {
      stdio: 'ignore',
      timeout: 30_000,
    })
    available = probe.status === 0
  }
  return available
}

export interface MotoOptions {
  /** The one account every request lands in. Ignored with `multiAccount`. */
  readonly account?: string
  /** Load AWS managed policies (moto leaves them out by default; loading takes a second). */
  readonly managedPolicies?: boolean
  /**
   * Serve every account, as an Organization: a request lands in the account of the credentials
   * that signed it — for credentials from sts:AssumeRole, the role's account, whether or not the
   * role exists — and credentials moto does not know land in its default account, 123456789012.
   */
  readonly multiAccount?: boolean
}

export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const account =
    options.multiAccount === true ? DEFAULT_ACCOUNT : (options.account ?? DEFAULT_ACCOUNT)
  if (!/^\d{12}$/.test(account)) throw new Error(`account must be 12 digits, got ${account}`)
  let lastError: unknown
  for (let attempt = 1; attempt <= PORT_TRIES; attempt++) {
    // The port is free when probed but may be taken before moto binds it; that race is why a
    // port collision is retried on a fresh port instead of reported.
    const port = await freePort()
    try {
      return await launch(port, options.multiAccount === true ? undefined : account, options)
    } catch (error) {
      lastError = error
      if (!(error instanceof PortInUse)) throw error
    }
  }
  throw lastError
}

class PortInUse extends Error {}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('could not read the probed port'))
        return
      }
      server.close(() => {
        resolve(address.port)
      })
    })
  })
}

async function launch(
  port: number,
  account: string | undefined,
  options: MotoOptions,
): Promise<Moto> {
  // MOTO_ACCOUNT_ID pins every request to one account, whatever credentials sign it.
  const { MOTO_ACCOUNT_ID: _pinned, ...inherited } = process.env
  const child = spawn('python3', ['-c', LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    env: {
      ...inherited,
      ...(account === undefined ? {} : { MOTO_ACCOUNT_ID: account }),
      ...(options.managedPolicies === true ? { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } : {}),
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  let stderr = ''
  let bound = false
  const running = `Running on http://127.0.0.1:${port}`
  child.stderr.setEncoding('utf8')
  // moto logs every request to stderr; draining it keeps the pipe from filling up and blocking
  // the server, and the tail is what explains a failed start.
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES)
    bound ||= stderr.includes(running)
  })
  // 'close' rather than 'exit': it waits for stderr to drain, so a failed start's reason is in
  // the tail by the time it is reported.
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve())
  })
  const spawnFailed = new Promise<never>((_, reject) => {
    child.once('error', reject)
  })
  const spawnSettled = spawnFailed.catch(() => undefined)

  const killOnExit = (): void => {
    child.kill('SIGKILL')
  }
  process.on('exit', killOnExit)
  // A forgotten stop() must not keep the test process alive; the 'exit' handler and the stdin
  // watchdog still make sure the server goes with it.
  child.unref()
  for (const stream of [child.stdin, child.stderr]) if (stream instanceof Socket) stream.unref()

  const endpoint = `http://127.0.0.1:${port}`
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', killOnExit)
      // Whoever awaits stop() must see it finish, so the child counts as pending work again.
      child.ref()
      if (child.stderr instanceof Socket) child.stderr.ref()
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      // A process that never spawned has nothing to wait for.
      await Promise.race([exited, spawnSettled])
    })()
    return stopping
  }

  try {
    await Promise.race([
      waitUntilAnswering(endpoint, child, () => bound),
      spawnFailed,
      exited.then(() => {
        throw startupFailure(child, stderr)
      }),
    ])
  } catch (error) {
    await stop()
    if (/address already in use/i.test(stderr)) throw new PortInUse(`port ${port} was taken`)
    const message = error instanceof Error ? error.message : String(error)
    if (message.includes(STDERR_BANNER)) throw error
    throw new Error(`${message}\n${STDERR_BANNER}\n${stderr}`, { cause: error })
  }

  return {
    endpoint,
    port,
    account: account ?? DEFAULT_ACCOUNT,
    async reset() {
      const status = await send('POST', `${endpoint}/moto-api/reset`, 5_000)
      if (status !== 200) throw new Error(`moto reset answered HTTP ${status}`)
    },
    stop,
  }
}

function startupFailure(child: ChildProcess, stderr: string): Error {
  const how = child.signalCode ?? `code ${String(child.exitCode)}`
  return new Error(`moto exited during startup (${how})\n${STDERR_BANNER}\n${stderr}`)
}

/**
 * Ready means our own process has bound the port (werkzeug logs that only after binding) and
 * then answers. Polling the port alone could be answered by whichever program took it first.
 */
async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  bound: () => boolean,
): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (child.exitCode === null && child.signalCode === null) {
    if (bound()) {
      try {
        if ((await send('GET', `${endpoint}/moto-api/`, 1_000)) === 200) return
      } catch {
        // Not accepting yet; poll again.
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`moto did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  // The exit branch of the race reports this; never resolve as if moto were up.
  await new Promise<never>(() => undefined)
}

/** One request on a fresh connection, so no pooled socket outlives a test. */
function send(method: string, url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, timeout: timeoutMs }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)))
    req.on('error', reject)
    req.end()
  })
}
