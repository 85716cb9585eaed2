/**
 * `npm run demo`: keyward doing its main job on a local AWS. It validates the five example
 * manifests, checks what tomoda's identities can and can never do (offline proofs), starts moto (the AWS emulator) on a free loopback port — one per account — and, for
 * tomoda's dev and prod, shows the plan, applies it (minting each access key straight into
 * Secrets Manager), plans again to show nothing is left to do, prints what the account now
 * holds (never a secret), and proves the uploader's key works by calling STS with it, as the
 * backend would. Then dev's uploader key is rotated through every state, 90 days on, while a
 * stand-in for the backend keeps using the key (demo-rotation.ts). Without moto it says so and shows the offline part: every identity resolved.
 */
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processIo } from '../src/cli/io.ts'
import { run } from '../src/cli/run.ts'
import { rotateUploader } from './demo-rotation.ts'
import { motoAvailable, startMoto, type Moto } from '../test/support/moto.ts'

const io = processIo()
const say = (text: string) => io.stdout(`${text}\n`)
const heading = (text: string) => say(`\n━━━ ${text} ━━━\n`)

/** moto accepts any credentials; these are AWS's documented example keys. */
const LOCAL = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const FILE = 'examples/tomoda.yaml'
const ENVIRONMENTS = [
  { name: 'dev', account: '111111111111' },
  { name: 'prod', account: '222222222222' },
]

const masked = (key: string, value: string) =>
  key === 'keyward:key-id' ? `…${value.slice(-4)}` : value

async function validateAll(): Promise<number> {
  heading('validate every example')
  const files = readdirSync('examples')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `examples/${f}`)
  return run(['validate', ...files], io)
}

/** Offline proofs before anything exists: what each identity can and can never do. */
async function checkTomoda(): Promise<number> {
  heading("check: what tomoda's identities can and can never do, before anything exists")
  const html = join(mkdtempSync(join(tmpdir(), 'keyward-demo-')), 'tomoda-check.html')
  return run(['check', FILE, '--html', html], io)
}

async function offline(): Promise<number> {
  say(
    '\nmoto (`python3 -m moto.server`) is not available here, so nothing can be applied.\n' +
      'Showing the offline part instead: every identity of tomoda, exactly as keyward would create it.',
  )
  return run(['resolve', FILE, '--all-envs'], io)
}

/** What the account holds now, as a reviewer would list it — key ids shortened, no secrets. */
async function showState(moto: Moto): Promise<void> {
  const config = { region: 'us-east-1', endpoint: moto.endpoint, credentials: LOCAL }
  const iam = new IAMClient(config)
  const sm = new SecretsManagerClient(config)
  try {
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({}))
    for (const user of details.UserDetailList ?? []) {
      say(`  user   ${user.UserName}  (id ${user.UserId})`)
      const policies = (user.UserPolicyList ?? []).map((p) => p.PolicyName).join(', ')
      say(`         inline policy: ${policies}`)
      const tags = (user.Tags ?? []).map((t) => `${t.Key}=${masked(t.Key ?? '', t.Value ?? '')}`)
      say(`         tags: ${tags.join(' ')}`)
    }
    for (const secret of (await sm.send(new ListSecretsCommand({}))).SecretList ?? []) {
      say(`  secret ${secret.Name}`)
      const tags = (secret.Tags ?? []).map((t) => `${t.Key}=${masked(t.Key ?? '', t.Value ?? '')}`)
      say(`         tags: ${tags.join(' ')}`)
    }
  } finally {
    iam.destroy()
    sm.destroy()
  }
}

/** Reads the uploader's secret as the backend would, and asks STS who that key belongs to. */
async function proveKey(moto: Moto, env: string): Promise<void> {
  const config = { region: 'us-east-1', endpoint: moto.endpoint, credentials: LOCAL }
  const sm = new SecretsManagerClient(config)
  const stored = await sm.send(new GetSecretValueCommand({ SecretId: `tomoda-s3-uploader-${env}` }))
  sm.destroy()
  const value = JSON.parse(stored.SecretString ?? '{}') as Record<string, string>
  say(`  the secret holds: ${Object.keys(value).join(', ')} (values not shown)`)
  const sts = new STSClient({
    ...config,
    credentials: {
      accessKeyId: value['AWS_ACCESS_KEY_ID'] ?? '',
      secretAccessKey: value['AWS_SECRET_ACCESS_KEY'] ?? '',
    },
  })
  const me = await sts.send(new GetCallerIdentityCommand({}))
  sts.destroy()
  say(`  sts:GetCallerIdentity with that key → ${me.Arn}`)
}

async function applyTomoda(): Promise<number> {
  for (const env of ENVIRONMENTS) {
    const moto = await startMoto({ account: env.account })
    try {
      const local = {
        ...io,
        env: {
          ...io.env,
          AWS_ACCESS_KEY_ID: LOCAL.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL.secretAccessKey,
          AWS_ENDPOINT_URL: moto.endpoint,
        },
      }
      heading(`tomoda / ${env.name}: plan (moto on ${moto.endpoint}, account ${env.account})`)
      let status = await run(['plan', FILE, '--env', env.name], local)
      if (status !== 0) return status
      heading(`tomoda / ${env.name}: apply`)
      status = await run(['apply', FILE, '--env', env.name, '--yes'], local)
      if (status !== 0) return status
      heading(`tomoda / ${env.name}: plan again`)
      status = await run(['plan', FILE, '--env', env.name], local)
      if (status !== 0) return status
      heading(`tomoda / ${env.name}: what the account holds now`)
      await showState(moto)
      heading(`tomoda / ${env.name}: the uploader's key works`)
      await proveKey(moto, env.name)
      if (env.name === 'dev') {
        status = await rotateUploader(io, moto, FILE, LOCAL, heading)
        if (status !== 0) return status
      }
    } finally {
      await moto.stop()
    }
  }
  return 0
}

let status = await validateAll()
if (status === 0) status = await checkTomoda()
const live = motoAvailable()
if (status === 0) status = live ? await applyTomoda() : await offline()
if (status !== 0) say('\nThe demo stopped; see above.')
else if (live) {
  say(
    '\nDone. No secret was printed: each key went straight from IAM into Secrets Manager.\n' +
      'To try it by hand against moto:\n' +
      '  MOTO_ACCOUNT_ID=111111111111 python3 -m moto.server -p 5000 &\n' +
      '  export AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test\n' +
      '  npm run keyward -- plan examples/tomoda.yaml --env dev',
  )
} else say('\nDone (offline). Install moto (pip install moto[server]) to see plan and apply.')
process.exitCode = status
