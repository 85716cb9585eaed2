import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseTemplate } from './template.ts'

describe('parseTemplate', () => {
  const ok: [string, unknown[]][] = [
    ['plain', [{ kind: 'text', text: 'plain' }]],
    [
      'a-${env}',
      [
        { kind: 'text', text: 'a-' },
        { kind: 'ref', name: 'env', start: 2, end: 8 },
      ],
    ],
    [
      '${identities.eso-reader.arn}',
      [{ kind: 'ref', name: 'identities.eso-reader.arn', start: 0, end: 28 }],
    ],
    ['$${literal}', [{ kind: 'text', text: '${literal}' }]],
    [
      'home/${aws:username}/*',
      [
        { kind: 'text', text: 'home/' },
        { kind: 'policy-variable', text: '${aws:username}', start: 5, end: 20 },
        { kind: 'text', text: '/*' },
      ],
    ],
    [
      '${*}${?}${$}',
      [
        { kind: 'policy-variable', text: '${*}', start: 0, end: 4 },
        { kind: 'policy-variable', text: '${?}', start: 4, end: 8 },
        { kind: 'policy-variable', text: '${$}', start: 8, end: 12 },
      ],
    ],
    [
      "${aws:PrincipalTag/team, 'none'}",
      [{ kind: 'policy-variable', text: "${aws:PrincipalTag/team, 'none'}", start: 0, end: 32 }],
    ],
    ['cost $5', [{ kind: 'text', text: 'cost $5' }]],
  ]
  for (const [input, parts] of ok) {
    test(`reads ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseTemplate(input), { ok: true, parts })
    })
  }

  const bad: [string, number, number][] = [
    ['x-${env', 2, 7],
    ['${}', 0, 3],
    ['${ env }', 0, 8],
    ['${a..b}', 0, 7],
  ]
  for (const [input, start, end] of bad) {
    test(`rejects ${JSON.stringify(input)} at ${start}…${end}`, () => {
      const parsed = parseTemplate(input)
      assert.equal(parsed.ok, false)
      assert.deepEqual([parsed.start, parsed.end], [start, end])
    })
  }
})
