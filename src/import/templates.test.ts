import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ImportProblem } from './terraform/config.ts'
import { escapeText, toTemplate, type TemplateScope } from './templates.ts'

const loc = { file: 'main.tf', line: 3, column: 10 }

function scope(problems: ImportProblem[]): TemplateScope {
  return {
    variable: (name) => (name === 'environment' ? 'env' : name),
    attribute: (segment) =>
      segment.address === 'aws_iam_user.ci' ? '${identities.ci.arn}' : undefined,
    report: (p) => problems.push(p),
  }
}

describe('Terraform strings as manifest templates', () => {
  test('given variables, built-ins and text, each keeps its kind', () => {
    const problems: ImportProblem[] = []
    const out = toTemplate(
      {
        kind: 'string',
        segments: [
          { kind: 'text', text: 'arn:' },
          { kind: 'builtin', name: 'partition' },
          { kind: 'text', text: ':s3:::b-' },
          { kind: 'var', name: 'environment', text: 'dev' },
        ],
      },
      loc,
      scope(problems),
      { what: 'a resource' },
    )
    assert.equal(out, 'arn:${partition}:s3:::b-${env}')
    assert.deepEqual(problems, [])
  })

  test('given literal text that reads like a reference, it is escaped; IAM variables are not', () => {
    assert.equal(escapeText('${aws:username}/${foo}'), '${aws:username}/$${foo}')
  })

  test('given the key of the store being written, its id and secret are placeholders', () => {
    const attr = (attribute: string) => ({
      kind: 'string' as const,
      segments: [{ kind: 'attr' as const, address: 'aws_iam_access_key.k', attribute, loc }],
    })
    const use = { what: 'the format', key: 'aws_iam_access_key.k' }
    assert.equal(toTemplate(attr('id'), loc, scope([]), use), '${key.id}')
    assert.equal(toTemplate(attr('secret'), loc, scope([]), use), '${key.secret}')
  })

  test('given an attribute known only after apply and no reference for it, a problem at its line', () => {
    const problems: ImportProblem[] = []
    const out = toTemplate(
      {
        kind: 'string',
        segments: [{ kind: 'attr', address: 'random_id.id', attribute: 'hex', loc }],
      },
      loc,
      scope(problems),
      { what: 'the name' },
    )
    assert.equal(out, undefined)
    const [problem] = problems
    assert.ok(problem)
    assert.equal(problem.loc.line, 3)
    assert.match(problem.hint ?? '', /--known random_id\.id\.hex=VALUE/)
  })

  test('given an unknown value, it is reported where it is used and where it arose', () => {
    const problems: ImportProblem[] = []
    toTemplate(
      { kind: 'unknown', reason: 'variable "team" has no value', loc: { ...loc, line: 1 } },
      loc,
      scope(problems),
      { what: 'the name' },
    )
    const [problem] = problems
    assert.ok(problem)
    assert.equal(problem.loc.line, 3)
    assert.match(problem.message, /main\.tf:1/)
  })
})
