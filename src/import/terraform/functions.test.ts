import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { evaluated, load, show } from './harness.test.ts'

const KEY = 'resource "aws_iam_access_key" "k" {}\nvariable "project" { default = "acme" }\n'

const cases: readonly { expr: string; want: unknown }[] = [
  { expr: 'format("%s-%03d-%.2f-%t-%q", "a", 7, 3.14159, true, "q")', want: 'a-007-3.14-true-"q"' },
  { expr: 'format("%s-ci", var.project)', want: '{var.project=acme}-ci' },
  {
    expr: 'format("%v/%[1]v", aws_iam_access_key.k.id)',
    want: '{attr aws_iam_access_key.k id}/{attr aws_iam_access_key.k id}',
  },
  { expr: 'formatlist("%s-%s", ["a", "b"], "x")', want: ['a-x', 'b-x'] },
  { expr: 'join("-", [var.project, "x"])', want: '{var.project=acme}-x' },
  { expr: 'split(",", "a,b")', want: ['a', 'b'] },
  { expr: 'lower("AbC")', want: 'abc' },
  {
    expr: 'lower(aws_iam_access_key.k.id)',
    want: /^unknown: lower\(\): argument 1 depends on aws_iam_access_key\.k\.id, known only after apply/,
  },
  { expr: 'upper(var.project)', want: 'ACME' },
  { expr: 'title("hello big-world")', want: 'Hello Big-World' },
  { expr: 'replace("a.b.c", ".", "-")', want: 'a-b-c' },
  { expr: 'replace("app-123", "/(\\\\w+)-(\\\\d+)/", "$2:$1")', want: '123:app' },
  { expr: 'trimspace("  x ")', want: 'x' },
  { expr: 'trimprefix("arn:aws", "arn:")', want: 'aws' },
  { expr: 'trimsuffix("a.json", ".json")', want: 'a' },
  { expr: 'trim("?!x?", "?!")', want: 'x' },
  { expr: 'substr("hello", 1, 3)', want: 'ell' },
  { expr: 'substr("hello", -3, -1)', want: 'llo' },
  { expr: 'length("héllo")', want: 5 },
  { expr: 'length({ a = 1 })', want: 1 },
  { expr: 'element(["a", "b"], 3)', want: 'b' },
  { expr: 'lookup({ a = 1 }, "b", 0)', want: 0 },
  { expr: 'merge({ a = 1, b = 1 }, { b = 2 })', want: { a: 1, b: 2 } },
  { expr: 'keys({ b = 1, a = 2 })', want: ['a', 'b'] },
  { expr: 'values({ b = 1, a = 2 })', want: [2, 1] },
  { expr: 'contains(["a", "b"], "b")', want: true },
  { expr: 'distinct(["a", "b", "a"])', want: ['a', 'b'] },
  { expr: 'flatten([["a"], [["b"]], "c"])', want: ['a', 'b', 'c'] },
  { expr: 'coalesce("", null, "x")', want: 'x' },
  { expr: 'coalescelist([], ["a"])', want: ['a'] },
  { expr: 'compact(["a", "", null, "b"])', want: ['a', 'b'] },
  { expr: 'concat(["a"], ["b", "c"])', want: ['a', 'b', 'c'] },
  { expr: 'zipmap(["a", "b"], [1, 2])', want: { a: 1, b: 2 } },
  { expr: 'range(3)', want: [0, 1, 2] },
  { expr: 'range(1, 10, 4)', want: [1, 5, 9] },
  { expr: 'slice(["a", "b", "c"], 1, 3)', want: ['b', 'c'] },
  { expr: 'sort(["b", "a"])', want: ['a', 'b'] },
  { expr: 'reverse([1, 2])', want: [2, 1] },
  { expr: 'toset(["b", "a", "b"])', want: ['a', 'b'] },
  { expr: 'tolist(["a"])', want: ['a'] },
  { expr: 'tomap({ a = 1 })', want: { a: 1 } },
  { expr: 'tostring(5)', want: '5' },
  { expr: 'tonumber("5")', want: 5 },
  { expr: 'tobool("true")', want: true },
  { expr: 'try(local.nope, "fallback")', want: 'fallback' },
  { expr: 'try({ a = 1 }.b, "fallback")', want: 'fallback' },
  { expr: 'try(aws_iam_access_key.k.id, "fallback")', want: '{attr aws_iam_access_key.k id}' },
  { expr: 'can({ a = 1 }.b)', want: false },
  { expr: 'can(1)', want: true },
  { expr: 'startswith("arn:aws", "arn:")', want: true },
  { expr: 'endswith("a.json", ".json")', want: true },
  { expr: 'strcontains("abc", "b")', want: true },
  { expr: 'one(["x"])', want: 'x' },
  { expr: 'one([])', want: null },
  { expr: 'sum([1, 2, 3])', want: 6 },
  { expr: 'min(3, 1, 2)', want: 1 },
  { expr: 'max([1, 5]...)', want: 5 },
  { expr: 'abs(-2)', want: 2 },
  { expr: 'ceil(1.2)', want: 2 },
  { expr: 'floor(1.8)', want: 1 },
  { expr: 'base64encode("hi")', want: 'aGk=' },
  { expr: 'md5("a")', want: '0cc175b9c0f1b6a831c399e269772661' },
  { expr: 'sha256("a")', want: 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb' },
  { expr: 'regex("^arn:(\\\\w+):", "arn:aws:iam")', want: ['aws'] },
  { expr: 'file("policy.json")', want: /^unknown: file\(\) reads a file/ },
  { expr: 'templatefile("p.tpl", {})', want: /^unknown: templatefile\(\) reads a file/ },
  { expr: 'timestamp()', want: /^unknown: timestamp\(\) changes on every run/ },
  { expr: 'uuid()', want: /^unknown: uuid\(\) changes on every run/ },
  {
    expr: 'format("%.200f", 1)',
    want: /^unknown: format\(\): toFixed\(\) digits argument must be between 0 and 100/,
  },
  { expr: 'indent(-1, "a")', want: /^unknown: indent\(\): argument 1 must be a whole number/ },
  { expr: 'lower("a", "b")', want: /^unknown: lower\(\) takes 1 argument, not 2/ },
]

describe('given Terraform functions', () => {
  for (const c of cases) {
    test(`when calling ${c.expr}, then the result is ${String(c.want)}`, () => {
      const value = show(evaluated(c.expr, KEY))
      if (c.want instanceof RegExp) assert.match(String(value), c.want)
      else assert.deepEqual(value, c.want)
    })
  }

  test('when a function is not supported, then its value is unknown and a problem names it at its line', () => {
    const config = load('resource "t" "t" {\n  v = provider::aws::arn_parse("x")\n}\n')
    const value = config.resources[0]?.body.attributes.get('v')?.value
    assert.equal(value?.kind, 'unknown')
    assert.deepEqual(
      config.problems.map((p) => [p.message, p.loc.line]),
      [['function provider::aws::arn_parse is not supported', 2]],
    )
  })
})
