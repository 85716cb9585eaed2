/**
 * `keyward bootstrap k8s` against moto: ESO's first key reaches a 0600 file or kubectl's standard
 * input, matches the store, works, and appears in no output, argv or environment.
 */
import assert from 'node:assert/strict'
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parseAllDocuments } from 'yaml'
import { startAccount, type TestAccount } from '../support/account.ts'
import { environment, example, identity } from '../support/examples.ts'
import { storedKey, whoAmI } from '../support/inspect.ts'
import { motoAvailable } from '../support/moto.ts'

const FILE = 'examples/tomoda.yaml'

/** A stand-in kubectl: keeps its stdin and argv where the test can read them, as kubectl would use them. */
async function fakeKubectl(dir: string, status: number): Promise<string> {
  const bin = join(dir, `bin-${status}`)
  await mkdir(bin, { recursive: true })
  const script = `#!/bin/sh
umask 077
cat > "${dir}/kubectl-stdin-${status}"
echo "$@" > "${dir}/kubectl-args-${status}"
env > "${dir}/kubectl-env-${status}"
if [ ${status} -ne 0 ]; then cat "${dir}/kubectl-stdin-${status}" >&2; exit ${status}; fi
echo "secret/tomoda-eso-reader configured"
`
  await writeFile(join(bin, 'kubectl'), script, { mode: 0o700 })
  return bin
}

describe('bootstrap k8s', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  let key: { accessKeyId: string; secretAccessKey: string }

  before(async () => {
    a = await startAccount('111111111111')
    const applied = await a.keyward(['apply', FILE, '--env', 'dev', '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
    const reader = identity(environment(await example('tomoda'), 'dev'), 'eso-reader', 'user')
    key = await storedKey(a, reader)
  })
  after(() => a.close())

  const secretOf = async (path: string) => {
    const [document] = parseAllDocuments(await readFile(path, 'utf8'))
    return document?.toJS() as {
      kind: string
      metadata: { name: string; namespace: string }
      stringData: Record<string, string>
    }
  }

  test('writes the Secret ESO signs in with to a new 0600 file, and prints none of it', async () => {
    const path = join(a.dir, 'eso.secret.yaml')
    const out = await a.keyward(['bootstrap', 'k8s', FILE, '--env', 'dev', '--file', path])
    assert.equal(out.status, 0, out.stderr)
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    const secret = await secretOf(path)
    assert.equal(secret.kind, 'Secret')
    assert.deepEqual(secret.metadata, {
      name: 'tomoda-eso-reader',
      namespace: 'tomoda',
      labels: {
        'app.kubernetes.io/managed-by': 'keyward',
        'keyward/project': 'tomoda',
        'keyward/environment': 'dev',
        'keyward/id': 'eso-reader',
      },
    })
    // the key it holds is the stored one, and it works
    assert.equal(secret.stringData['AWS_ACCESS_KEY_ID'], key.accessKeyId)
    assert.equal(secret.stringData['AWS_SECRET_ACCESS_KEY'], key.secretAccessKey)
    assert.match(await whoAmI(a, key), /user\/tomoda-eso-reader-dev$/)
    assert.match(out.stdout, new RegExp(`…${key.accessKeyId.slice(-4)}`))
    assert.match(out.stdout, /mode 0600/)
    a.assertNothingLeaked()
  })

  test('refuses to write over a file, and replaces one with --force at 0600 whatever it was', async () => {
    const path = join(a.dir, 'existing.yaml')
    await writeFile(path, 'mine\n', { mode: 0o644 })
    const refused = await a.keyward(['bootstrap', 'k8s', FILE, '--env', 'dev', '--file', path])
    assert.equal(refused.status, 2)
    assert.match(refused.stderr, /already exists/)
    assert.equal(await readFile(path, 'utf8'), 'mine\n')
    await chmod(path, 0o666)
    const forced = await a.keyward([
      'bootstrap',
      'k8s',
      FILE,
      '--env',
      'dev',
      '--file',
      path,
      '--force',
    ])
    assert.equal(forced.status, 0, forced.stderr)
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    assert.equal((await secretOf(path)).stringData['AWS_ACCESS_KEY_ID'], key.accessKeyId)
    a.assertNothingLeaked()
  })

  test('streams it to kubectl apply on standard input only', async () => {
    const bin = await fakeKubectl(a.dir, 0)
    const out = await a.keyward(
      ['bootstrap', 'k8s', FILE, '--env', 'dev', 'eso-reader', '--kubectl', '--context', 'dev'],
      { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    )
    assert.equal(out.status, 0, out.stderr)
    assert.match(out.stdout, /secret\/tomoda-eso-reader configured/)
    const stdin = await readFile(join(a.dir, 'kubectl-stdin-0'), 'utf8')
    assert.ok(stdin.includes(key.secretAccessKey))
    assert.equal(
      (await readFile(join(a.dir, 'kubectl-args-0'), 'utf8')).trim(),
      'apply -f - --context dev',
    )
    const environ = await readFile(join(a.dir, 'kubectl-env-0'), 'utf8')
    assert.ok(!environ.includes(key.secretAccessKey), 'the key is not in kubectl’s environment')
    a.assertNothingLeaked()
  })

  test('a failing kubectl: exit 2, and what it echoes is redacted', async () => {
    const bin = await fakeKubectl(a.dir, 1)
    const out = await a.keyward(['bootstrap', 'k8s', FILE, '--env', 'dev', '--kubectl'], {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    })
    assert.equal(out.status, 2)
    assert.match(out.stderr, /kubectl apply exited with status 1/)
    assert.match(out.stderr, /\[redacted\]/)
    a.assertNothingLeaked()
  })

  test('asks for a destination rather than printing, and has nothing to do for a federated reader', async () => {
    const none = await a.keyward(['bootstrap', 'k8s', FILE, '--env', 'dev'])
    assert.equal(none.status, 2)
    assert.match(none.stderr, /exactly one of --file PATH and --kubectl/)
    const dash = await a.keyward(['bootstrap', 'k8s', FILE, '--env', 'dev', '--file', '-'])
    assert.equal(dash.status, 2)
    const federated = await a.keyward([
      'bootstrap',
      'k8s',
      'examples/tomoda-federated.yaml',
      '--env',
      'dev',
      '--file',
      join(a.dir, 'f.yaml'),
    ])
    assert.equal(federated.status, 2)
    assert.match(federated.stderr, /Nothing to bootstrap/)
    const unknown = await a.keyward([
      'bootstrap',
      'k8s',
      FILE,
      '--env',
      'dev',
      'uploader',
      '--file',
      join(a.dir, 'u.yaml'),
    ])
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /uploader: not a user ESO signs in as/)
    a.assertNothingLeaked()
  })
})
