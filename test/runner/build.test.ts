/**
 * `npm run build:runner` as a user runs it: a valid manifest gives a zip Lambda can take, the
 * same one every time; a bad manifest gives its errors with file and line, and no zip at all.
 * The handler inside is exercised against moto in lambda.test.ts.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'

const dir = mkdtempSync(join(tmpdir(), 'keyward-runner-build-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function build(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/build-runner.ts', ...args], { encoding: 'utf8' })
}

/** The names in a zip, as Python's zipfile reads them. */
function names(zip: string): string[] {
  const listed = spawnSync(
    'python3',
    ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip],
    { encoding: 'utf8' },
  )
  assert.equal(listed.status, 0, listed.stderr)
  return listed.stdout.trim().split('\n')
}

test('a manifest builds into a valid zip, byte for byte the same when built again', () => {
  // given the tomoda example, when built twice into different directories
  const first = build('--manifest', 'examples/tomoda.yaml', '--out', join(dir, 'one'))
  const second = build('--manifest', 'examples/tomoda.yaml', '--out', join(dir, 'two'))
  assert.equal(first.status, 0, first.stderr)
  assert.equal(second.status, 0, second.stderr)
  // then it says what it wrote, with sizes
  assert.match(first.stdout, /examples\/tomoda\.yaml: valid — project tomoda, dev, prod/)
  assert.match(first.stdout, /keyward-runner\.zip\s+[\d.]+ (KiB|MiB) zipped/)
  assert.match(first.stdout, /[\d.]+ MiB unzipped, \d+ files/)
  assert.match(first.stdout, /KEYWARD_ENV/, 'two environments: it says how to choose one')
  // and the zip holds the handler, the manifest as keyward.yaml and the IAM catalog
  const zip = join(dir, 'one', 'keyward-runner.zip')
  const tested = spawnSync('python3', ['-m', 'zipfile', '-t', zip], { encoding: 'utf8' })
  assert.equal(tested.status, 0, tested.stderr)
  const listed = names(zip)
  for (const name of ['index.mjs', 'keyward.yaml', 'iam-data/package.json'])
    assert.ok(listed.includes(name), name)
  assert.ok(listed.includes('iam-data/data/actions/s3.json'))
  assert.equal(
    readFileSync(join(dir, 'one', 'package', 'keyward.yaml'), 'utf8'),
    readFileSync('examples/tomoda.yaml', 'utf8'),
  )
  // and both builds are the same bytes
  assert.ok(readFileSync(zip).equals(readFileSync(join(dir, 'two', 'keyward-runner.zip'))))
})

test('a bad manifest is reported with file and line, and leaves no zip behind', () => {
  // given an earlier build's output, and a manifest with a misspelt action on line 10
  const out = join(dir, 'bad')
  mkdirSync(join(out, 'package'), { recursive: true })
  writeFileSync(join(out, 'keyward-runner.zip'), 'an older bundle')
  const file = join(dir, 'bad.yaml')
  writeFileSync(
    file,
    [
      'version: 1',
      'project: x',
      'environments:',
      "  dev: { account: '111122223333', region: us-east-1 }",
      'identities:',
      '  app:',
      '    type: user',
      '    name: app',
      '    allow:',
      '      - actions: [s3:GetObjekt]',
      "        resources: ['*']",
      '',
    ].join('\n'),
  )
  // when it is built
  const result = build('--manifest', file, '--out', out)
  // then it fails as a user error, saying where, and nothing is left to upload by mistake
  assert.equal(result.status, 2, result.stdout)
  assert.match(result.stderr, /bad\.yaml:10:\d+ error unknown-action/)
  assert.match(result.stderr, /bad\.yaml has 1 error; nothing was bundled/)
  assert.equal(existsSync(join(out, 'keyward-runner.zip')), false)
  assert.equal(existsSync(join(out, 'package')), false)
})
