/**
 * The quickstart's first command runs the demo; it must keep working, and keep its promise that
 * no secret is printed. Key ids may appear by their last four characters only.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname } from 'node:path'
import { test } from 'node:test'
import { motoAvailable } from './support/moto.ts'

function demo(env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['scripts/demo.ts'], {
    env: { ...env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

function assertNoSecrets(output: string): void {
  assert.doesNotMatch(output, /\b(AKIA|ASIA)[A-Z0-9]{16}\b/, 'a whole access key id')
  // Secret access keys are 40 characters of base64; nothing else the demo prints is.
  assert.doesNotMatch(output, /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/)
}

test(
  'the demo applies tomoda to moto and proves the minted key works',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    const { status, output } = demo(process.env)
    assert.equal(status, 0, output)
    for (const env of ['dev', 'prod']) {
      assert.match(output, new RegExp(`Plan for tomoda / ${env}`))
      assert.match(output, new RegExp(`stored key …\\w{4} in tomoda-s3-uploader-${env}`))
    }
    assert.equal(output.match(/No changes\. The account matches the manifest/g)?.length, 2)
    assert.match(output, /✔ 6 never assertions hold/)
    assert.match(output, /KW104 +dev\/uploader +can change who has access/)
    const html = /HTML report written to (\S+tomoda-check\.html): open it in a browser/.exec(
      output,
    )?.[1]
    assert.ok(html !== undefined && readFileSync(html, 'utf8').includes('id="diagram-dev"'))
    assert.match(
      output,
      /sts:GetCallerIdentity with that key → arn:aws:iam::111111111111:user\/tomoda-uploader-dev/,
    )
    assert.match(
      output,
      /sts:GetCallerIdentity with that key → arn:aws:iam::222222222222:user\/tomoda-uploader-prod/,
    )
    // dev's uploader is rotated through every state while the backend keeps using it
    for (const act of ['created', 'verified', 'promoted', 'deactivated', 'deleted …'])
      assert.ok(output.includes(`uploader: ${act}`), act)
    assert.match(
      output,
      /the backend called STS \d+ times during the rotation, with keys …\w{4} then …\w{4}: 0 failures/,
    )
    assertNoSecrets(output)
  },
)

test('without moto, the demo says so and shows the offline part', () => {
  // given a PATH with node but no python3
  const { status, output } = demo({ ...process.env, PATH: dirname(process.execPath) })
  assert.equal(status, 0, output)
  assert.match(output, /moto .* is not available here/)
  assert.match(output, /tomoda-uploader-prod/)
  assert.match(output, /Done \(offline\)/)
})
