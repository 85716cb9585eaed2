/**
 * Laws of resource matching, checked over the whole IAM catalog: every resource type's ARN
 * format matches a concrete ARN built from it, and `*` in a policy matches every type.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import fc from 'fast-check'
import { resourceMatchesFormat, intersects, tokensOfResource } from './arn-match.ts'
import { loadCatalog, type Catalog } from './catalog.ts'

let formats: string[] = []
before(async () => {
  const catalog: Catalog = await loadCatalog(['*'])
  formats = catalog.servicePrefixes.flatMap((prefix) =>
    [...(catalog.service(prefix)?.resourceTypes.values() ?? [])].flatMap((t) => t.arnFormats),
  )
})

/** A concrete ARN for a format: each placeholder becomes a plain word. */
function instance(format: string): string {
  return format
    .replace('${Partition}', 'aws')
    .replace('${Region}', 'us-east-1')
    .replace('${Account}', '111111111111')
    .replace(/\$\{[^}]*\}/g, 'x1')
}

test('the catalog has thousands of resource types', () => {
  assert.ok(formats.length > 1_500, `${formats.length}`)
})

test('every ARN format matches an ARN built from itself', () => {
  const misses = formats.filter((f) => !resourceMatchesFormat(instance(f), f))
  assert.deepEqual(misses, [])
})

test('a policy resource of `*` matches every format', () => {
  assert.ok(formats.every((f) => resourceMatchesFormat('*', f)))
})

test('intersection is symmetric for policy patterns', () => {
  const chars = fc.constantFrom('a', 'b', '/', ':', '*', '?')
  const pattern = fc.array(chars, { maxLength: 7 }).map((cs) => cs.join(''))
  fc.assert(
    fc.property(pattern, pattern, (a, b) => {
      const [ta, tb] = [tokensOfResource(a), tokensOfResource(b)]
      assert.equal(intersects(ta, tb), intersects(tb, ta))
    }),
  )
})

test('a literal matches a pattern exactly when the glob says so', () => {
  const chars = fc.constantFrom('a', 'b', '/', ':')
  const literal = fc.array(chars, { maxLength: 6 }).map((cs) => cs.join(''))
  const pattern = fc
    .array(fc.constantFrom('a', 'b', '/', ':', '*', '?'), { maxLength: 6 })
    .map((cs) => cs.join(''))
  fc.assert(
    fc.property(literal, pattern, (text, glob) => {
      const regex = new RegExp(`^${glob.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's')
      assert.equal(intersects(tokensOfResource(text), tokensOfResource(glob)), regex.test(text))
    }),
  )
})
