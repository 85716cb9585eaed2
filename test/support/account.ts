/**
 * An AWS account for integration tests: a private moto server, the fault proxy in front of it
 * (no faults until a test sets rules), the keyward CLI run in-process against the proxy, and SDK
 * clients that talk to moto directly for the test's own checks.
 *
 * Everything the CLI prints or writes is kept in a transcript, and every access key moto hands
 * out is captured at the proxy. `assertNothingLeaked` then proves that no secret access key —
 * and no whole access key id — ever reached the transcript.
 */
import { IAMClient } from '@aws-sdk/client-iam'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import assert from 'node:assert/strict'
import { spawn as spawnChild, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../src/cli/run.ts'
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts'
import type { Captured } from './io.ts'
import { startMoto, type Moto } from './moto.ts'

/** moto accepts any credentials until IAM enforcement is switched on. */
export const ADMIN = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

export interface TestAccount {
  readonly account: string
  readonly region: string
  readonly moto: Moto
  readonly proxy: FaultProxy
  /** A scratch directory, removed on close. */
  readonly dir: string
  /** Clients straight to moto: what a test checks is not counted or faulted. */
  readonly iam: IAMClient
  readonly secrets: SecretsManagerClient
  readonly ssm: SSMClient
  /** Runs `keyward ARGS` in-process against the proxy; output goes to the transcript. */
  keyward(
    args: readonly string[],
    env?: Readonly<Record<string, string>>,
    ask?: (question: string) => Promise<string>,
  ): Promise<Captured>
  /**
   * Runs `keyward ARGS` as its own process, as a user would, so a test can kill it at any
   * moment; its output joins the transcript when it ends.
   */
  spawn(
    args: readonly string[],
    env?: Readonly<Record<string, string | undefined>>,
  ): { readonly child: ChildProcess; readonly ended: Promise<Captured> }
  /** Adds text from elsewhere (a child process, a file) to what is scanned. */
  record(text: string): void
  /** Credentials of a key keyward minted, read back from its store, as a consumer would. */
  sts(credentials: { accessKeyId: string; secretAccessKey: string }): STSClient
  readonly minted: ReadonlySet<string>
  /** Every access key id moto handed out, in order — orphans included. */
  readonly created: readonly string[]
  assertNothingLeaked(): void
  close(): Promise<void>
}

export async function startAccount(
  account: string,
  region = 'us-east-1',
  seed = 1,
  options: { readonly managedPolicies?: boolean; readonly multiAccount?: boolean } = {},
): Promise<TestAccount> {
  const moto = await startMoto({ account, ...options })
  // Several accounts are for tests of who may act where, which may turn IAM enforcement on.
  const proxy = await startFaultProxy(moto.endpoint, {
    seed,
    keepHost: options.multiAccount === true,
  })
  const dir = mkdtempSync(join(tmpdir(), 'keyward-test-'))
  const transcript: string[] = []
  const secrets = new Set<string>()
  const keyIds: string[] = []
  // A role's temporary credentials are as secret as a minted key, and must not show either.
  const sessions = new Set<string>()
  proxy.onCall((call) => {
    if (call.operation === 'sts:AssumeRole' && call.body !== undefined) {
      const xml = call.body.toString('utf8')
      for (const tag of ['SecretAccessKey', 'SessionToken']) {
        const value = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)?.[1]
        if (value !== undefined) sessions.add(value)
      }
    }
    if (call.operation !== 'iam:CreateAccessKey' || call.body === undefined) return
    const xml = call.body.toString('utf8')
    const secret = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(xml)?.[1]
    const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1]
    if (secret !== undefined) secrets.add(secret)
    if (id !== undefined) keyIds.push(id)
  })
  const config = { region, endpoint: moto.endpoint, credentials: ADMIN }
  const env = {
    AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    AWS_ENDPOINT_URL: proxy.endpoint,
  }
  const clients = {
    iam: new IAMClient(config),
    secrets: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
  }
  return {
    account,
    region,
    moto,
    proxy,
    dir,
    ...clients,
    async keyward(args, extra = {}, ask) {
      let stdout = ''
      let stderr = ''
      const status = await run(args, {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
        readFile: (path) => readFile(path, 'utf8'),
        writeFile: async (path, text) => {
          transcript.push(text)
          await writeFile(path, text, 'utf8')
        },
        readStdin: () => Promise.resolve(''),
        color: false,
        env: { ...env, ...extra },
        ...(ask === undefined ? {} : { ask }),
      })
      transcript.push(stdout, stderr)
      return { status, stdout, stderr }
    },
    spawn(args, extra = {}) {
      // An undefined value removes the variable, e.g. to leave credentials to a profile.
      const merged: [string, string | undefined][] = Object.entries({
        ...process.env,
        ...env,
        ...extra,
        NO_COLOR: '1',
      })
      const child = spawnChild(process.execPath, ['src/cli/main.ts', ...args], {
        env: Object.fromEntries(merged.filter(([, v]) => v !== undefined)),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
      const ended = new Promise<Captured>((resolve) => {
        child.on('close', (code, signal) => {
          transcript.push(stdout, stderr)
          resolve({ status: code ?? (signal === null ? -1 : 128), stdout, stderr })
        })
      })
      return { child, ended }
    },
    record: (text) => void transcript.push(text),
    sts: (credentials) => new STSClient({ ...config, credentials }),
    minted: secrets,
    created: keyIds,
    assertNothingLeaked() {
      const all = transcript.join('\n')
      for (const secret of secrets)
        assert.ok(!all.includes(secret), 'a secret access key appeared in keyward’s output')
      for (const secret of sessions)
        assert.ok(!all.includes(secret), 'a role session’s secret appeared in keyward’s output')
      for (const id of keyIds)
        assert.ok(!all.includes(id), `a whole access key id (…${id.slice(-4)}) appeared in output`)
    },
    async close() {
      for (const client of Object.values(clients)) client.destroy()
      await proxy.close()
      await moto.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
