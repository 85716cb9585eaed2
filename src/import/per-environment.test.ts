import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { concreteOf, reconcile, type EnvironmentValues } from './per-environment.ts'

function env(name: string, values: Record<string, string>): EnvironmentValues {
  return { name, values: new Map(Object.entries({ env: name, ...values })), added: new Map() }
}

describe('values that differ between environments', () => {
  test('given equal drafts, they are kept as they are and no variable is added', () => {
    const envs = [env('dev', {}), env('prod', {})]
    const draft = { name: '${project}-${env}' }
    assert.deepEqual(reconcile([draft, draft], envs, ['identities', 'a']), draft)
    assert.deepEqual([...(envs[0]?.added ?? [])], [])
  })

  test('given a URL whose host differs, the host becomes a variable with each value', () => {
    const envs = [env('dev', { d: 'dev.example.com' }), env('prod', {})]
    const out = reconcile([{ url: 'https://${d}/x' }, { url: 'https://example.com/x' }], envs, [
      'identities',
      'a',
      'key',
      'format',
      'BASE_URL',
    ])
    assert.deepEqual(out, { url: 'https://${url}/x' })
    assert.equal(envs[0]?.added.get('url'), 'dev.example.com')
    assert.equal(envs[1]?.added.get('url'), 'example.com')
  })

  test('given a difference that is not text (a list of another length), it cannot be said', () => {
    const envs = [env('dev', {}), env('prod', {})]
    assert.equal(reconcile([{ a: ['x'] }, { a: ['x', 'y'] }], envs, []), undefined)
  })

  test('given a reference to something not known per environment, it cannot be said', () => {
    const envs = [env('dev', {}), env('prod', {})]
    assert.equal(reconcile(['${identities.a.arn}', 'b'], envs, []), undefined)
  })

  test('law: the reconciled template stands for each environment’s own text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z./:-]{0,12}$/), { minLength: 2, maxLength: 4 }),
        (texts) => {
          const envs = texts.map((_, i) => env(`e${i}`, {}))
          const out = reconcile(texts, envs, ['x', 'field'])
          assert.equal(typeof out, 'string')
          texts.forEach((text, i) => {
            const values = new Map([...(envs[i]?.values ?? []), ...(envs[i]?.added ?? [])])
            assert.equal(concreteOf(out as string, values), text)
          })
        },
      ),
    )
  })
})
