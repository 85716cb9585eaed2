/**
 * The pages below (docs/plan-apply.md, docs/rotation.md, docs/check.md, …), run as their reader
 * would: each manifest written in turn, each command run against a moto account, and its output
 * compared with what the page shows.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { startAccount, type TestAccount } from '../support/account.ts'
import { normalize, runCommand, segments, writeManifest } from '../support/doc-walk.ts'
import { motoAvailable } from '../support/moto.ts'

/** Each page and the fewest commands its walk-through must have: a page cannot lose them unseen. */
const PAGES = {
  'docs/plan-apply.md': 5,
  'docs/rotation.md': 6,
  'docs/check.md': 3,
  'docs/kubernetes.md': 6,
  'docs/import.md': 4,
  'docs/runner.md': 2,
}

for (const [PAGE, commands] of Object.entries(PAGES))
  describe(
    `${PAGE} prints what it says`,
    { skip: !motoAvailable() && 'moto is not installed' },
    () => {
      let a: TestAccount
      before(async () => {
        a = await startAccount('111111111111')
      })
      after(() => a.close())

      const steps = segments(readFileSync(PAGE, 'utf8'))
      test('the page has a walk-through to check', () => {
        assert.ok(steps.filter((s) => s.kind === 'command').length >= commands)
      })
      let index = 0
      for (const step of steps) {
        if (step.kind === 'manifest') continue
        index++
        test(`${index}: keyward ${step.argv.join(' ')}`, async () => {
          // The manifests before this command are the ones the reader has written by now.
          const upTo = steps.slice(0, steps.indexOf(step))
          const manifest = upTo.filter((s) => s.kind === 'manifest').at(-1)
          if (manifest !== undefined) writeManifest(a, manifest.text)
          const output = await runCommand(a, step.argv)
          assert.equal(normalize(output), normalize(step.expected))
        })
      }
      test('nothing secret was shown', () => a.assertNothingLeaked())
    },
  )
