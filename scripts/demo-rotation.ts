/**
 * The rotation part of `npm run demo`: with the backend's stand-in reading the uploader's secret
 * and calling STS with it every 100 ms, keyward's clock jumps 90 days and `keyward rotate` takes
 * the key through every state — created, stored as pending, verified, promoted, drained,
 * deactivated, deleted — while the backend sees no failure. Between keyward and moto sits the
 * test suite's fault proxy, doing what real IAM does and moto does not: a new key is refused
 * for two seconds, and an inactive key is refused.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { Io } from '../src/cli/io.ts'
import { run } from '../src/cli/run.ts'
import { startFaultProxy } from '../test/support/fault-proxy.ts'
import type { Moto } from '../test/support/moto.ts'

interface Backend {
  stop(): Promise<{ calls: number; failures: string[]; keys: string[] }>
}

function startBackend(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  store: string,
): Backend {
  const config = { region: 'us-east-1', endpoint, credentials }
  const sm = new SecretsManagerClient(config)
  const state = { running: true, calls: 0 }
  const failures: string[] = []
  const keys: string[] = []
  const loop = (async () => {
    while (state.running) {
      try {
        const stored = await sm.send(
          new GetSecretValueCommand({ SecretId: store, VersionStage: 'AWSCURRENT' }),
        )
        const value = JSON.parse(stored.SecretString ?? '{}') as Record<string, string>
        const id = value['AWS_ACCESS_KEY_ID'] ?? ''
        if (keys.at(-1) !== id) keys.push(id)
        const sts = new STSClient({
          ...config,
          credentials: { accessKeyId: id, secretAccessKey: value['AWS_SECRET_ACCESS_KEY'] ?? '' },
        })
        await sts.send(new GetCallerIdentityCommand({}))
        sts.destroy()
        state.calls++
      } catch (error) {
        failures.push(error instanceof Error ? error.name : String(error))
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    async stop() {
      state.running = false
      await loop
      sm.destroy()
      return { calls: state.calls, failures, keys: keys.map((k) => `…${k.slice(-4)}`) }
    },
  }
}

export async function rotateUploader(
  io: Io,
  moto: Moto,
  file: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  heading: (text: string) => void,
): Promise<number> {
  const say = (text: string) => io.stdout(`${text}\n`)
  const proxy = await startFaultProxy(moto.endpoint, {
    keyRules: { propagationDelayMs: 2000, rejectInactive: true },
  })
  const local = {
    ...io,
    env: {
      ...io.env,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL: proxy.endpoint,
    },
  }
  const backend = startBackend(proxy.endpoint, credentials, 'tomoda-s3-uploader-dev')
  say(
    '\n  From here a proxy stands between keyward and moto and behaves as real IAM does: a new key is\n' +
      '  refused for its first 2 s, an inactive key always. A stand-in backend reads the secret and\n' +
      '  calls STS with it every 100 ms throughout.',
  )
  try {
    for (const [clock, why] of [
      ['+90d', '90 days later the key is due'],
      ['+92d', 'two days later the drain period is over'],
      ['+100d', 'the 7-day recovery window has passed'],
    ] as const) {
      heading(`tomoda / dev: ${why} — keyward rotate --clock ${clock}`)
      const status = await run(
        ['rotate', file, '--env', 'dev', 'uploader', '--yes', '--clock', clock],
        local,
      )
      if (status !== 0) return status
    }
    heading('tomoda / dev: keyward status')
    return await run(['status', file, '--env', 'dev', '--clock', '+100d'], local)
  } finally {
    const seen = await backend.stop()
    await proxy.close()
    say(
      `\n  the backend called STS ${seen.calls} times during the rotation, with keys ${seen.keys.join(' then ')}: ` +
        `${seen.failures.length} failures${seen.failures.length === 0 ? '' : ` (${seen.failures.join(', ')})`}`,
    )
  }
}
