/**
 * The CLI as a user meets it: exit codes, output formats, help, and failures that explain
 * themselves without a stack trace.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import { cli } from './support/io.ts'
import { stripMarkers } from './support/markers.ts'

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m

describe('keyward validate', () => {
  test('a valid manifest exits 0 and says what it checked', async () => {
    const { status, stdout } = await cli(['validate', 'examples/tomoda.yaml'])
    assert.equal(status, 0)
    assert.match(
      stdout,
      /examples\/tomoda\.yaml: valid — 2 environments \(dev, prod\), 2 identities/,
    )
  })

  test('several files are checked in one run', async () => {
    const files = readdirSync('examples')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `examples/${f}`)
    const { status, stdout } = await cli(['validate', ...files])
    assert.equal(status, 0)
    assert.equal(stdout.match(/: valid/g)?.length, files.length)
  })

  test('an invalid manifest exits 2 with file:line:col, the source line and a hint', async () => {
    const fixture = 'test/cases/invalid/50-action-typo.yaml'
    const text = stripMarkers(readFileSync(fixture, 'utf8')).text
    const { status, stdout } = await cli(['validate', 'typo.yaml'], {
      readFile: () => Promise.resolve(text),
    })
    assert.equal(status, 2)
    assert.match(stdout, /^typo\.yaml:10:19 error unknown-action$/m)
    assert.match(stdout, /10 \| {7}- actions: \[s3:PutObjekt\]/)
    assert.match(stdout, /\^{12}/)
    assert.match(stdout, /hint: Did you mean `s3:PutObject`\?/)
    assert.match(stdout, /✖ typo\.yaml: 1 error/)
  })

  test('-o json reports validity and every diagnostic with its position', async () => {
    const text = stripMarkers(
      readFileSync('test/cases/invalid/66-duplicate-user-names.yaml', 'utf8'),
    ).text
    const { status, stdout } = await cli(['validate', 'm.yaml', '-o', 'json'], {
      readFile: () => Promise.resolve(text),
    })
    assert.equal(status, 2)
    const report = JSON.parse(stdout) as {
      format: string
      valid: boolean
      files: { file: string; diagnostics: { code: string; line: number; column: number }[] }[]
    }
    assert.equal(report.format, 'keyward.validate/v1')
    assert.equal(report.valid, false)
    assert.deepEqual(
      report.files[0]?.diagnostics.map((d) => [d.code, d.line, d.column]),
      [['duplicate-name', 12, 11]],
    )
  })

  test('a missing file is a usage error: exit 2, a plain message, no stack trace', async () => {
    const { status, stdout, stderr } = await cli(['validate', 'nope.yaml'])
    assert.equal(status, 2)
    assert.equal(stdout, '')
    assert.match(stderr, /^keyward: No such file: nope\.yaml$/m)
    assert.doesNotMatch(stderr, STACK_LINE)
  })

  test('no invalid fixture ever produces a stack trace or an internal error', async () => {
    for (const file of readdirSync('test/cases/invalid')) {
      const text = stripMarkers(readFileSync(`test/cases/invalid/${file}`, 'utf8')).text
      const { status, stdout, stderr } = await cli(['validate', file], {
        readFile: () => Promise.resolve(text),
      })
      assert.ok(status === 0 || status === 2, `${file}: exit ${status}`)
      assert.doesNotMatch(stdout + stderr, STACK_LINE, file)
      assert.doesNotMatch(stdout + stderr, /internal error/, file)
    }
  })
})

describe('keyward resolve', () => {
  test('--env dev -o json shows the uploader with only PutObject and PutObjectAcl on the bucket', async () => {
    const { status, stdout } = await cli([
      'resolve',
      'examples/tomoda.yaml',
      '--env',
      'dev',
      '-o',
      'json',
    ])
    assert.equal(status, 0)
    const doc = JSON.parse(stdout) as {
      format: string
      environment: { name: string }
      identities: {
        id: string
        type: string
        name: string
        arn: string
        inlinePolicy: { document: unknown }
      }[]
    }
    assert.equal(doc.format, 'keyward.resolve/v1')
    assert.equal(doc.environment.name, 'dev')
    const uploader = doc.identities.find((i) => i.id === 'uploader')
    assert.equal(uploader?.arn, 'arn:aws:iam::111111111111:user/tomoda-uploader-dev')
    assert.deepEqual(uploader.inlinePolicy.document, {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowS3Upload',
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:PutObjectAcl'],
          Resource: ['arn:aws:s3:::tomoda-assets-dev/*'],
        },
      ],
    })
  })

  test('-o yaml prints one document per environment', async () => {
    const { status, stdout } = await cli([
      'resolve',
      'examples/tomoda.yaml',
      '--all-envs',
      '-o',
      'yaml',
    ])
    assert.equal(status, 0)
    const docs = stdout.split(/^---$/m).map((d) => parse(d) as { environment: { name: string } })
    assert.deepEqual(
      docs.map((d) => d.environment.name),
      ['dev', 'prod'],
    )
  })

  test('text output shows every policy document', async () => {
    const { status, stdout } = await cli(['resolve', 'examples/nullplatform.yaml'])
    assert.equal(status, 0)
    assert.match(
      stdout,
      /policy ecr-manager {2}arn:aws:iam::333333333333:policy\/nullplatform-main-ecr-manager-policy/,
    )
    assert.match(stdout, /"ecr:GetAuthorizationToken"/)
    assert.match(stdout, /groups {2}nullplatform-main-asset-publishers/)
  })

  test('with several environments and no --env, it asks which one', async () => {
    const { status, stderr } = await cli(['resolve', 'examples/tomoda.yaml'])
    assert.equal(status, 2)
    assert.match(stderr, /declares 2 environments; choose one/)
    assert.match(stderr, /`--env dev` or `--env prod`/)
  })

  test('an unknown environment gets a suggestion', async () => {
    const { status, stderr } = await cli(['resolve', 'examples/tomoda.yaml', '--env', 'prd'])
    assert.equal(status, 2)
    assert.match(stderr, /has no environment `prd`/)
    assert.match(stderr, /Did you mean `prod`\?/)
  })

  test('an invalid manifest resolves nothing and exits 2', async () => {
    const text = stripMarkers(
      readFileSync('test/cases/invalid/34-undefined-variable.yaml', 'utf8'),
    ).text
    const { status, stdout, stderr } = await cli(['resolve', 'm.yaml', '-o', 'json'], {
      readFile: () => Promise.resolve(text),
    })
    assert.equal(status, 2)
    assert.equal(stdout, '')
    assert.match(stderr, /undefined-variable/)
  })
})

describe('help and usage', () => {
  for (const command of ['validate', 'resolve', 'schema']) {
    test(`${command} --help explains the command with examples`, async () => {
      const { status, stdout } = await cli([command, '--help'])
      assert.equal(status, 0)
      assert.match(stdout, new RegExp(`^Usage: keyward ${command}`, 'm'))
      assert.match(stdout, /^Examples:\n {2}keyward /m)
    })
  }

  test('keyward with no arguments lists the commands', async () => {
    const { status, stdout } = await cli([])
    assert.equal(status, 0)
    assert.match(stdout, /^ {2}validate {2}/m)
    assert.match(stdout, /^ {2}resolve {3}/m)
  })

  test('--version prints the package version', async () => {
    const { stdout } = await cli(['--version'])
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    assert.equal(stdout.trim(), pkg.version)
  })

  test('an unknown command is a usage error with a suggestion', async () => {
    const { status, stderr } = await cli(['valdate'])
    assert.equal(status, 2)
    assert.match(stderr, /Unknown command `valdate`/)
    assert.match(stderr, /Did you mean `validate`\?/)
  })

  test('an unknown flag is a usage error pointing at --help', async () => {
    const { status, stderr } = await cli(['validate', '--colour'])
    assert.equal(status, 2)
    assert.match(stderr, /Unknown option '--colour'/)
    assert.match(stderr, /keyward validate --help/)
  })

  test('an unexpected failure is reported as an internal error, with no stack unless asked', async () => {
    const broken = { readFile: () => Promise.reject(new TypeError('boom')) }
    const quiet = await cli(['validate', 'x.yaml'], broken)
    assert.equal(quiet.status, 2)
    let calls = 0
    const throwing = {
      stdout: () => {
        calls++
        throw new TypeError('stdout closed')
      },
    }
    const result = await cli(['schema'], throwing)
    assert.equal(calls, 1)
    assert.equal(result.status, 1)
    assert.match(result.stderr, /keyward: internal error: stdout closed/)
    assert.doesNotMatch(result.stderr, STACK_LINE)
    const debug = await cli(['schema'], { ...throwing, env: { KEYWARD_DEBUG: '1' } })
    assert.match(debug.stderr, STACK_LINE)
  })
})
