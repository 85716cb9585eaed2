import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { evaluated, show } from './harness.test.ts'

interface Case {
  readonly expr: string
  readonly want: unknown
  readonly preamble?: string
  readonly vars?: Readonly<Record<string, string>>
}

function table(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      test(`when evaluating ${c.expr}, then it is ${JSON.stringify(c.want)}`, () => {
        const value = show(evaluated(c.expr, c.preamble, c.vars))
        if (c.want instanceof RegExp) assert.match(String(value), c.want)
        else assert.deepEqual(value, c.want)
      })
    }
  })
}

const PROJECT = 'variable "project" {}\nvariable "env" { default = "prod" }\n'

table('given literals and collections', [
  { expr: '42', want: 42 },
  { expr: '0x1f', want: 31 },
  { expr: '1.5e3', want: 1500 },
  { expr: 'true', want: true },
  { expr: 'null', want: null },
  { expr: '"a\\tb"', want: 'a\tb' },
  { expr: '[1, "a", [true]]', want: [1, 'a', [true]] },
  { expr: '{ a = 1, "b" = 2, c: 3 }', want: { a: 1, b: 2, c: 3 } },
  { expr: '{ (local.k) = 1 }', preamble: 'locals { k = "dyn" }', want: { dyn: 1 } },
  { expr: '{ a = { b = [10, 20] } }.a.b[1]', want: 20 },
  { expr: '[{ n = 1 }, { n = 2 }][*].n', want: [1, 2] },
  { expr: '[{ n = 1 }, { n = 2 }].*.n', want: [1, 2] },
  { expr: '[[1, 2], [3]][0].1', want: 2 },
])

table('given operators and conditionals', [
  { expr: '-1 + 2 * 3', want: 5 },
  { expr: '7 % 3 == 1 && !false', want: true },
  { expr: '"5" + 1', want: 6 },
  { expr: '1 < 2 ? "yes" : "no"', want: 'yes' },
  { expr: '[1, 2] == [1, 2]', want: true },
  { expr: '{ a = 1 } != { a = 2 }', want: true },
  {
    expr: 'false && aws_iam_user.x.arn == ""',
    want: false,
    preamble: 'resource "aws_iam_user" "x" {}',
  },
  {
    expr: 'aws_iam_user.x.arn == ""',
    want: /^unknown: the comparison depends on aws_iam_user\.x\.arn/,
    preamble: 'resource "aws_iam_user" "x" {}',
  },
  { expr: '1 / 0', want: /^unknown: division by zero/ },
])

table('given templates', [
  {
    expr: '"${var.project}-${var.env}-ci"',
    preamble: PROJECT,
    vars: { project: 'acme' },
    want: '{var.project=acme}-{var.env=prod}-ci',
  },
  {
    expr: '"${local.name}/x"',
    preamble: `${PROJECT}locals { name = "\${var.project}-api" }`,
    vars: { project: 'acme' },
    want: '{var.project=acme}-api/x',
  },
  { expr: '"n=${1 + 1} ${true}"', want: 'n=2 true' },
  { expr: '"%{ if true }yes%{ else }no%{ endif }"', want: 'yes' },
  { expr: '"%{ for i, s in ["a", "b"] }${i}${s};%{ endfor }"', want: '0a;1b;' },
  { expr: '"$${literal}"', want: '${literal}' },
  {
    expr: '"${aws_s3_bucket.b.arn}/*"',
    preamble: 'resource "aws_s3_bucket" "b" {}',
    want: '{attr aws_s3_bucket.b arn}/*',
  },
  { expr: '"${var.list}"', preamble: 'variable "list" { default = ["a"] }', want: ['a'] },
  { expr: '"x${null}"', want: /^unknown: a template cannot interpolate null/ },
  { expr: '<<-EOT\n    a\n      b\n    EOT', want: 'a\n  b\n' },
])

table('given for expressions', [
  { expr: '[for s in ["a", "b"] : upper(s)]', want: ['A', 'B'] },
  { expr: '[for i, s in ["a", "b", "c"] : "${i}${s}" if i != 1]', want: ['0a', '2c'] },
  { expr: '{ for k, v in { b = 2, a = 1 } : k => v * 10 }', want: { a: 10, b: 20 } },
  { expr: '{ for s in ["x", "y", "x"] : s => s... }', want: { x: ['x', 'x'], y: ['y'] } },
  {
    expr: '{ for s in ["x", "x"] : s => 1 }',
    want: /^unknown: the for expression produces key "x" twice/,
  },
])

table('given references', [
  { expr: 'path.module', want: '.' },
  { expr: 'terraform.workspace', want: 'default' },
  {
    expr: 'local.a',
    preamble: 'locals {\n  a = local.b\n  b = local.a\n}',
    want: /^unknown: cycle: local\.a → local\.b → local\.a/,
  },
  { expr: 'var.missing', want: /^unknown: variable "missing" is not declared/ },
  {
    expr: 'aws_iam_role.r.name',
    preamble: 'resource "aws_iam_role" "r" { name = "deployer" }',
    want: 'deployer',
  },
  {
    expr: 'aws_iam_role.r.inline_policy[0].name',
    preamble: 'resource "aws_iam_role" "r" {\n  inline_policy {\n    name = "p"\n  }\n}',
    want: 'p',
  },
  {
    expr: 'aws_eks_cluster.c.identity[0].oidc[0].issuer',
    preamble: 'resource "aws_eks_cluster" "c" {}',
    want: '{attr aws_eks_cluster.c identity[0].oidc[0].issuer}',
  },
  {
    expr: 'data.aws_caller_identity.me.account_id',
    preamble: 'data "aws_caller_identity" "me" {}',
    want: '{attr data.aws_caller_identity.me account_id}',
  },
  { expr: 'self.arn', want: /^unknown: self is known only/ },
])
