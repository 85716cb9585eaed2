/**
 * The repository's own rules, run as tests so CI enforces them and the final
 * `N passed, N failed` line counts them: types, lint, formatting.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'

function tool(name: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(`node_modules/.bin/${name}`, args, {
    encoding: 'utf8',
    timeout: 240_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

test('the code type-checks (tsc --noEmit, strict)', () => {
  const { status, output } = tool('tsc', ['--noEmit', '-p', '.'])
  assert.equal(status, 0, output)
})

test('the linter has nothing to say (eslint .)', () => {
  const { status, output } = tool('eslint', ['.', '--max-warnings', '0'])
  assert.equal(status, 0, output)
})

test('the code is formatted (prettier --check .)', () => {
  const { status, output } = tool('prettier', ['--check', '.'])
  assert.equal(status, 0, output)
})
