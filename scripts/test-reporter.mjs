// The house rule is that a test run ends with the line `N passed, N failed`. node:test's spec
// reporter does not print it, so this reporter wraps spec and appends the line once the run ends.
import { spec } from 'node:test/reporters'

const isTest = (event) => event.data.details?.type !== 'suite'

// A suite fails either because a test inside failed (already counted) or on its own, e.g. when
// its body throws before defining any test; the latter must count, or the total would hide it.
const failedOnItsOwn = (event) => event.data.details?.error?.failureType !== 'subtestsFailed'

export default async function* summaryReporter(source) {
  const inner = new spec()
  let passed = 0
  let failed = 0
  let skipped = 0
  const feed = (async () => {
    for await (const event of source) {
      if (event.type === 'test:pass' && isTest(event)) {
        if (event.data.skip || event.data.todo) skipped++
        else passed++
      } else if (event.type === 'test:fail' && (isTest(event) || failedOnItsOwn(event))) {
        failed++
      }
      inner.write(event)
    }
    inner.end()
  })()
  for await (const chunk of inner) yield chunk
  await feed
  if (skipped > 0) yield `${skipped} skipped\n`
  yield `${passed} passed, ${failed} failed\n`
}
