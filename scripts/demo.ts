/**
 * `npm run demo`: what keyward does today, on the examples that reproduce the five seed systems.
 * Each manifest is validated, then every environment is resolved to the exact IAM documents
 * keyward would create. Offline; nothing touches AWS.
 */
import { readdirSync } from 'node:fs'
import { processIo } from '../src/cli/io.ts'
import { run } from '../src/cli/run.ts'

const io = processIo()
const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `examples/${f}`)

let status = 0
for (const file of examples) {
  io.stdout(`\n━━━ ${file} ━━━\n\n`)
  const valid = await run(['validate', file], io)
  const resolved = valid === 0 ? await run(['resolve', file, '--all-envs'], io) : valid
  status = Math.max(status, resolved)
}
io.stdout(
  status === 0
    ? `\nAll ${examples.length} examples are valid. Try: npm run keyward -- resolve examples/tomoda.yaml --env prod -o json\n`
    : '\nSome examples failed; see above.\n',
)
process.exitCode = status
