import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { at, parse, show } from './harness.test.ts'
import { readTfvars } from './tfvars.ts'

describe('given a .tfvars file', () => {
  test('when it sets literal values, then each is read with its line', () => {
    const read = readTfvars(
      {
        path: 'env/prod.tfvars',
        text: 'environment = "prod"\nreplicas = 3\nnames = ["a", "b"]\ntags = {\n  Team = "x"\n}\n',
      },
      parse,
    )
    assert.deepEqual(
      [...read.values].map(([name, { value, loc }]) => [name, show(value), at(loc)]),
      [
        ['environment', 'prod', 'env/prod.tfvars:1'],
        ['replicas', 3, 'env/prod.tfvars:2'],
        ['names', ['a', 'b'], 'env/prod.tfvars:3'],
        ['tags', { Team: 'x' }, 'env/prod.tfvars:4'],
      ],
    )
    assert.deepEqual(read.problems, [])
  })

  test('when it refers to something or is broken, then problems are at their lines', () => {
    const read = readTfvars({ path: 'bad.tfvars', text: 'a = var.b\nc = [1,\n' }, parse)
    assert.deepEqual(
      read.problems.map((p) => [at(p.loc), p.message.slice(0, 30)]),
      [
        ['bad.tfvars:1', 'a .tfvars value cannot refer t'],
        ['bad.tfvars:2', 'syntax error: cannot read "c ='],
      ],
    )
  })

  test('when it is JSON, then its members are the values', () => {
    const read = readTfvars(
      { path: 'prod.tfvars.json', text: '{"region": "eu-west-1", "n": 2}' },
      parse,
    )
    assert.deepEqual(
      [...read.values].map(([name, { value }]) => [name, show(value)]),
      [
        ['region', 'eu-west-1'],
        ['n', 2],
      ],
    )
  })
})
