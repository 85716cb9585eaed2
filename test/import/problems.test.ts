/**
 * What an import cannot resolve is reported at its file:line, with a way out, and never guessed:
 * a policy read from a file, a variable nobody set, a name chosen at apply time, a `for_each`
 * over something unknown, a syntax error, a registry module.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { cli } from '../support/io.ts'

interface Problem {
  readonly severity: 'error' | 'warning'
  readonly message: string
  readonly loc: { readonly file: string; readonly line: number }
  readonly hint?: string
}

function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-import-problems-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

async function importOf(files: Record<string, string>, ...flags: string[]) {
  const dir = directory(files)
  const run = await cli([
    'import',
    'terraform',
    dir,
    '--account',
    '111111111111',
    '--json',
    ...flags,
  ])
  const report = JSON.parse(run.stderr.slice(run.stderr.indexOf('{'))) as {
    problems: Problem[]
  }
  return { run, problems: report.problems, manifest: run.stdout }
}

const PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n}\n'

const CASES: readonly {
  readonly name: string
  readonly tf: string
  readonly line: number
  readonly message: RegExp
  readonly hint?: RegExp
}[] = [
  {
    name: 'a policy read from a file',
    tf: `resource "aws_iam_user" "ci" {\n  name = "ci"\n}\nresource "aws_iam_user_policy" "ci" {\n  name   = "ci"\n  user   = aws_iam_user.ci.name\n  policy = file("\${path.module}/ci.json")\n}\n`,
    line: 7,
    message: /reads a file/,
  },
  {
    name: 'a variable nobody set',
    tf: `variable "team" {}\nresource "aws_iam_user" "ci" {\n  name = "ci-\${var.team}"\n}\n`,
    line: 3,
    message: /team/,
  },
  {
    name: 'a name chosen at apply time',
    tf: `resource "aws_iam_role" "ci" {\n  name_prefix        = "ci-"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n`,
    line: 2,
    message: /name_prefix/,
    hint: /--known aws_iam_role\.ci\.name=/,
  },
  {
    name: 'a value known only after apply',
    tf: `resource "random_id" "suffix" {\n  byte_length = 4\n}\nresource "aws_iam_user" "ci" {\n  name = "ci-\${random_id.suffix.hex}"\n}\n`,
    line: 5,
    message: /random_id\.suffix\.hex` is known only after apply/,
    hint: /--known random_id\.suffix\.hex=VALUE/,
  },
  {
    name: 'a for_each over something unknown',
    tf: `data "aws_iam_users" "all" {}\nresource "aws_iam_user" "each" {\n  for_each = toset(data.aws_iam_users.all.names)\n  name     = each.key\n}\n`,
    line: 3,
    message: /for_each/,
  },
]

for (const c of CASES) {
  test(`given ${c.name}, the import reports it at its line and writes no guess`, async () => {
    // given a configuration with it, when it is imported
    const { run, problems, manifest } = await importOf({
      'main.tf': c.tf,
      'providers.tf': PROVIDER,
    })
    // then the import fails as incomplete, naming the file and line
    assert.equal(run.status, 2, run.stderr)
    const found = problems.find((p) => p.severity === 'error' && c.message.test(p.message))
    assert.ok(
      found,
      `no problem matching ${String(c.message)} in ${JSON.stringify(problems, null, 2)}`,
    )
    assert.equal(found.loc.file, 'main.tf')
    assert.equal(found.loc.line, c.line)
    if (c.hint !== undefined) assert.match(found.hint ?? '', c.hint)
    // and nothing from the unresolved value reached the manifest
    assert.doesNotMatch(manifest, /random|\$\{var\.|file\(/)
  })
}

test('a syntax error stops nothing else from being reported at its line', async () => {
  const { problems } = await importOf({
    'main.tf':
      'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\nresource "aws_iam_group" "g" {\n  name = \n}\n',
    'providers.tf': PROVIDER,
  })
  const syntax = problems.find((p) => p.loc.line === 5 || p.loc.line === 6)
  assert.ok(syntax, JSON.stringify(problems, null, 2))
  assert.equal(syntax.severity, 'error')
})

test('a registry module that is not recognised is said to be left out', async () => {
  const { problems } = await importOf({
    'main.tf':
      'module "iam" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-user"\n  name    = "ci"\n}\n',
    'providers.tf': PROVIDER,
  })
  const module = problems.find((p) => /module\.iam/.test(p.message))
  assert.ok(module, JSON.stringify(problems, null, 2))
  assert.equal(module.loc.line, 1)
})

test('with --known, a value known only after apply becomes a variable of the manifest', async () => {
  const { run, manifest } = await importOf(
    {
      'main.tf':
        'resource "random_id" "suffix" {\n  byte_length = 4\n}\nresource "aws_iam_user" "ci" {\n  name = "ci-${random_id.suffix.hex}"\n}\n',
      'providers.tf': PROVIDER,
    },
    '--known',
    'random_id.suffix.hex=0a1b2c3d',
  )
  assert.equal(run.status, 0, run.stderr)
  assert.match(manifest, /name: ci-\$\{suffix_hex\}/)
  assert.match(manifest, /suffix_hex: 0a1b2c3d/)
})

test('a key handed to Kubernetes or GitHub Actions is a secret in state, and could be a role', async () => {
  // given a key whose secret Terraform writes into a Kubernetes Secret and a GitHub secret
  const dir = directory({
    'providers.tf': PROVIDER,
    'main.tf': [
      'resource "aws_iam_user" "ci" {\n  name = "ci"\n}',
      'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}',
      'resource "kubernetes_secret_v1" "ci" {\n  metadata {\n    name = "ci"\n  }\n  data = {\n    AWS_SECRET_ACCESS_KEY = aws_iam_access_key.ci.secret\n  }\n}',
      'resource "github_actions_secret" "ci" {\n  repository      = "shop"\n  secret_name     = "AWS_SECRET_ACCESS_KEY"\n  plaintext_value = aws_iam_access_key.ci.secret\n}',
    ].join('\n'),
  })
  // when it is imported
  const run = await cli(['import', 'terraform', dir, '--account', '111111111111', '--json'])
  assert.equal(run.status, 0, run.stderr)
  const { findings } = JSON.parse(run.stderr.slice(run.stderr.indexOf('{'))) as {
    findings: { id: string; title: string; locations: { location: { line: number } }[] }[]
  }
  // then the state finding lists both copies, and each consumer says a role could replace the key
  const inState = findings.find((f) => f.id === 'KW701')
  assert.deepEqual(
    inState?.locations.map((l) => l.location.line),
    [4, 11, 18],
  )
  const roles = findings.filter((f) => f.id === 'KW401').map((f) => f.title)
  assert.deepEqual(roles.sort(), [
    'aws_iam_user.ci could be a role: github_actions_secret.ci takes its key',
    'aws_iam_user.ci could be a role: kubernetes_secret_v1.ci takes its key',
  ])
})
