import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadHclParser } from '../../cli/hcl-parser.ts'
import type { Expr, HclFile, TemplatePart } from './syntax.ts'

const parse = await loadHclParser()

function parsed(text: string, path = 'main.tf'): HclFile {
  return parse({ path, text })
}

function attribute(file: HclFile, name: string): Expr {
  const found = file.body.attributes.find((a) => a.name === name)
  assert.ok(found, `no attribute ${name}`)
  return found.expr
}

function literalText(expr: Expr): string {
  assert.equal(expr.kind, 'template')
  return expr.parts
    .map((part: TemplatePart) => (part.kind === 'literal' ? part.text : '<expr>'))
    .join('')
}

describe('given a Terraform file', () => {
  test('when it is valid, then blocks keep their type, labels and line', () => {
    const file = parsed('resource "aws_iam_user" "ci" {\n  name = "ci"\n}\nlocals { a = 1 }\n')
    assert.deepEqual(file.errors, [])
    const [resource, locals] = file.body.blocks
    assert.equal(resource?.type, 'resource')
    assert.deepEqual(
      resource.labels.map((l) => l.value),
      ['aws_iam_user', 'ci'],
    )
    assert.deepEqual(resource.loc, { file: 'main.tf', line: 1, column: 1 })
    assert.equal(resource.body.attributes[0]?.loc.line, 2)
    assert.equal(locals?.loc.line, 4)
  })

  const broken: readonly { name: string; text: string; line: number; message: RegExp }[] = [
    { name: 'an unclosed block', text: 'locals {\n  a = 1\n', line: 3, message: /missing "}"/ },
    {
      name: 'an unterminated string',
      text: 'locals {\n  a = "x\n  b = 2\n}\n',
      line: 2,
      message: /quoted string (must end on the line|is not closed)/,
    },
    { name: 'a stray token', text: 'locals {\n  a = 1\n}\n}\n', line: 4, message: /syntax error/ },
    {
      name: 'an attribute set twice',
      text: 'locals {\n  a = 1\n  a = 2\n}\n',
      line: 3,
      message: /set twice \(first on line 2\)/,
    },
    {
      name: 'a bad escape',
      text: 'locals {\n  a = "\\q"\n}\n',
      line: 2,
      message: /invalid escape/,
    },
  ]
  for (const c of broken) {
    test(`when it has ${c.name}, then the error is reported at its line`, () => {
      const file = parsed(c.text, 'modules/x/main.tf')
      const first = file.errors[0]
      assert.ok(first, 'expected a syntax error')
      assert.equal(first.loc.file, 'modules/x/main.tf')
      assert.equal(first.loc.line, c.line)
      assert.match(first.message, c.message)
    })
  }
})

describe('given string templates', () => {
  const cases: readonly { name: string; source: string; text: string }[] = [
    { name: 'escapes', source: '"a\\n\\"\\u00e9\\\\"', text: 'a\n"é\\' },
    { name: 'literal ${ and %{', source: '"$${x} %%{y}"', text: '${x} %{y}' },
    { name: 'spaces around interpolations', source: '"a ${x} b"', text: 'a <expr> b' },
    { name: 'strip markers', source: '"a   ${~ x ~}   b"', text: 'a<expr>b' },
    {
      name: 'a heredoc',
      source: '<<EOT\n  {\n    "a": 1\n  }\nEOT',
      text: '  {\n    "a": 1\n  }\n',
    },
    {
      name: 'an indented heredoc',
      source: '<<-EOT\n    {\n      "a": "${x}"\n    }\n    EOT',
      text: '{\n  "a": "<expr>"\n}\n',
    },
    { name: 'a heredoc with $${', source: '<<EOT\n$${x}\nEOT', text: '${x}\n' },
  ]
  for (const c of cases) {
    test(`when a string has ${c.name}, then its literal text is final`, () => {
      const file = parsed(`v = ${c.source}\n`)
      assert.deepEqual(file.errors, [])
      assert.equal(literalText(attribute(file, 'v')), c.text)
    })
  }

  test('when a file has Windows line endings, then a heredoc reads the same', () => {
    const file = parsed('v = <<-EOT\r\n    a\r\n      b\r\n    EOT\r\n')
    assert.deepEqual(file.errors, [])
    assert.equal(literalText(attribute(file, 'v')), 'a\n  b\n')
  })

  test('when a template has directives, then they nest', () => {
    const file = parsed('v = "%{ if a }yes%{ else }no%{ endif }%{ for s in l }${s},%{ endfor }"\n')
    const expr = attribute(file, 'v')
    assert.equal(expr.kind, 'template')
    assert.deepEqual(
      expr.parts.map((p) => p.kind),
      ['if', 'for'],
    )
  })
})

describe('given expressions', () => {
  test("when operators mix, then precedence is Terraform's", () => {
    const expr = attribute(parsed('v = 1 + 2 * 3 == 7 && !false\n'), 'v')
    assert.equal(expr.kind, 'binary')
    assert.equal(expr.op, '&&')
  })

  test('when a traversal has splats and legacy indexes, then they are steps', () => {
    const expr = attribute(parsed('v = aws_iam_user.x[*].name\nw = a.0.b\n'), 'v')
    assert.equal(expr.kind, 'traversal')
    assert.deepEqual(
      expr.steps.map((s) => s.kind),
      ['attr', 'splat'],
    )
  })

  test('when object keys are names, strings or parenthesised, then only the last two are expressions', () => {
    const expr = attribute(parsed('v = { a = 1, "b" = 2, (c) = 3 }\n'), 'v')
    assert.equal(expr.kind, 'object')
    assert.deepEqual(
      expr.items.map((i) => i.key.kind),
      ['name', 'expr', 'expr'],
    )
  })

  test('when a file is a JSON object, then its members are attributes', () => {
    const file = parsed('{"region": "eu-west-1", "n": 2}', 'prod.tfvars.json')
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['region', 'n'],
    )
  })
})
