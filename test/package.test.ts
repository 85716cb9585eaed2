/**
 * What a user installs: the packed tarball, installed into an empty project, must give a working
 * `keyward` command and an importable library. Catches a missing file in `files`, a wrong `bin`
 * or `exports`, and source-only imports that never got compiled.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'

const root = resolve('.')
let project = ''

before(() => {
  project = mkdtempSync(join(tmpdir(), 'keyward-pack-'))
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], {
    encoding: 'utf8',
  }).trim()
  writeFileSync(
    join(project, 'package.json'),
    '{ "name": "consumer", "private": true, "type": "module" }\n',
  )
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(project, tarball)],
    {
      cwd: project,
      encoding: 'utf8',
    },
  )
})

after(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true })
})

test('the installed `keyward` command validates a manifest', () => {
  const out = execFileSync(
    join(project, 'node_modules/.bin/keyward'),
    ['validate', join(root, 'examples/tomoda.yaml')],
    {
      encoding: 'utf8',
    },
  )
  assert.match(out, /valid — 2 environments/)
})

test('the installed library resolves a manifest', () => {
  const script = `
    import { readFileSync } from 'node:fs'
    import { loadManifest } from 'keyward'
    const text = readFileSync(${JSON.stringify(join(root, 'examples/tomoda.yaml'))}, 'utf8')
    const result = await loadManifest({ file: 'tomoda.yaml', text })
    console.log(result.kind, result.manifest.environments.get('prod').identities[0].name)
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: project,
    encoding: 'utf8',
  })
  assert.equal(out.trim(), 'valid tomoda-uploader-prod')
})

test('the package ships compiled code and the schema, not sources or tests', () => {
  const listing = execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' })
  const [{ files }] = JSON.parse(listing) as [{ files: { path: string }[] }]
  const paths = files.map((f) => f.path)
  assert.ok(paths.includes('dist/cli/main.js'))
  assert.ok(paths.includes('dist/index.d.ts'))
  assert.ok(paths.includes('schema/keyward.schema.json'))
  assert.ok(paths.includes('LICENSE'))
  assert.deepEqual(
    paths.filter((p) => p.startsWith('src/') || p.includes('.test.')),
    [],
  )
})
