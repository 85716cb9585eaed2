/**
 * The SARIF rendering of `keyward check`, on real analyses of the seed example and of a broadened
 * variant: the log conforms to the SARIF 2.1.0 JSON schema (the copy Microsoft's SARIF SDK ships on
 * npm, read from disk), levels and scores follow the severities, the critical never-violation
 * points at the YAML lines that cause it, and the output is the same bytes every time.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import type { CheckResult } from '../analyze/check-result.ts'
import { RULE_IDS } from '../analyze/findings.ts'
import { artifactLocation, checkToSarif, FINGERPRINT_KEY } from './check-sarif.ts'
import type { SarifLog } from './check-sarif.ts'
import { sarifValidator } from '../../test/support/sarif.ts'
import { checkFile } from '../../test/support/check.ts'

const FILE = 'examples/tomoda.yaml'
const broaden = (text: string) =>
  text.replace(
    'actions: [s3:PutObject, s3:PutObjectAcl]',
    'actions: [s3:PutObject, s3:PutObjectAcl, s3:GetObject]',
  )

const check = (edit?: (text: string) => string) => checkFile(FILE, edit)

const validate = sarifValidator()

const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1

const results = (log: SarifLog) => log.runs[0].results

test('the SARIF of the seed example and of its broadened variant conforms to the 2.1.0 schema', async () => {
  // given the seed example and a variant that breaks a never
  for (const edit of [undefined, broaden]) {
    const r = await check(edit)
    // when rendered as SARIF
    const log = checkToSarif(r, { version: '0.1.0' })
    // then the log validates, once through JSON as a consumer reads it
    const data: unknown = JSON.parse(JSON.stringify(log))
    assert.ok(validate(data), JSON.stringify(validate.errors, null, 2))
    assert.equal(results(log).length, r.findings.length)
  }
})

test('the schema check has teeth: a missing message or a malformed URI is refused', async () => {
  // given a valid log
  const valid = JSON.stringify(checkToSarif(await check(), { version: '0.1.0' }))
  type Loose = { runs: { results: Record<string, unknown>[] }[] }
  // when one result loses its message, then the schema refuses it
  const noMessage = JSON.parse(valid) as Loose
  const first = noMessage.runs[0]?.results[0]
  assert.ok(first)
  delete first.message
  assert.equal(validate(noMessage), false)
  // and when an artifact URI holds a raw space, the uri-reference format refuses it
  const spaced = valid.replaceAll('"uri":"examples/tomoda.yaml"', '"uri":"my file.yaml"')
  assert.notEqual(spaced, valid)
  assert.equal(validate(JSON.parse(spaced) as unknown), false)
})

test('the driver lists every rule, and every ruleIndex points at its ruleId', async () => {
  // given the broadened example, when rendered
  const log = checkToSarif(await check(broaden), { version: '1.2.3' })
  const driver = log.runs[0].tool.driver
  // then the driver is keyward at the given version, with one rule per rule id
  assert.equal(driver.name, 'keyward')
  assert.equal(driver.version, '1.2.3')
  assert.deepEqual(driver.rules.map((r) => r.id).sort(), Object.values(RULE_IDS).sort())
  for (const rule of driver.rules) {
    assert.equal(RULE_IDS[rule.name as keyof typeof RULE_IDS], rule.id)
    assert.equal(rule.helpUri, `https://keyward.dev/docs/check#${rule.id}`)
  }
  assert.ok(results(log).length > 0)
  for (const res of results(log)) assert.equal(driver.rules[res.ruleIndex]?.id, res.ruleId)
  assert.equal(log.runs[0].properties.iamDataVersion, (await check()).dataVersion)
})

test('levels and security-severity follow the finding severities', async () => {
  // given the broadened example, which has critical, medium and info findings
  const r = await check(broaden)
  const log = checkToSarif(r, { version: '0.1.0' })
  // then each result's level and score come from its finding's severity
  const level = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }
  const score = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' }
  const seen = new Set<string>()
  r.findings.forEach((f, i) => {
    const res = results(log)[i]
    assert.ok(res)
    assert.equal(res.ruleId, f.id)
    assert.equal(res.level, level[f.severity])
    assert.equal(res.properties['security-severity'], score[f.severity])
    assert.equal(res.properties.severity, f.severity)
    assert.equal(res.partialFingerprints[FINGERPRINT_KEY], f.fingerprint)
    seen.add(f.severity)
  })
  assert.deepEqual([...seen].sort(), ['critical', 'info', 'medium'])
  // and each rule's default level is its usual severity's
  const rules = log.runs[0].tool.driver.rules
  assert.equal(rules.find((x) => x.id === 'KW001')?.defaultConfiguration.level, 'error')
  assert.equal(rules.find((x) => x.id === 'KW201')?.defaultConfiguration.level, 'warning')
  assert.equal(rules.find((x) => x.id === 'KW401')?.defaultConfiguration.level, 'note')
})

test('the KW001 result points at the statement that grants it, and relates the broken never', async () => {
  // given an uploader that may also GetObject
  const log = checkToSarif(await check(broaden), { version: '0.1.0' })
  const text = await readFile(FILE, 'utf8')
  // when its SARIF is read
  const kw001 = results(log).filter((r) => r.ruleId === 'KW001')
  // then there is one critical result per environment, each at the granting statement's line
  assert.deepEqual(kw001.map((r) => r.properties.environment).sort(), ['dev', 'prod'])
  assert.notEqual(
    kw001[0]?.partialFingerprints[FINGERPRINT_KEY],
    kw001[1]?.partialFingerprints[FINGERPRINT_KEY],
  )
  const broken = kw001.find((r) => r.properties.environment === 'dev')
  assert.ok(broken)
  assert.equal(broken.level, 'error')
  assert.equal(broken.properties.identity, 'uploader')
  assert.ok(broken.properties.actions.includes('s3:GetObject'))
  assert.match(broken.message.text, /^dev\/uploader: can do what it must never do: s3:GetObject/)
  const at = broken.locations[0]?.physicalLocation
  assert.deepEqual(at?.artifactLocation, { uri: FILE, uriBaseId: '%SRCROOT%' })
  assert.equal(at.region.startLine, lineOf(text, '- sid: AllowS3Upload'))
  // and the never it breaks is a related location, labelled with what it is
  const never = broken.relatedLocations?.find(
    (l) =>
      l.physicalLocation?.region.startLine ===
      lineOf(text, '- actions: [s3:GetObject, s3:DeleteObject]'),
  )
  assert.ok(never, JSON.stringify(broken.relatedLocations))
  assert.equal(never.physicalLocation?.region.startColumn, 9)
  assert.match(never.message?.text ?? '', /never of uploader/)
})

test('a finding without a location points at the manifest itself, line 1', async () => {
  // given a finding whose locations were lost
  const r = await check()
  const [first] = r.findings
  assert.ok(first)
  const bare: CheckResult = { ...r, findings: [{ ...first, locations: [] }] }
  // when rendered, then its location is the manifest's first line, and the log stays valid
  const log = checkToSarif(bare, { version: '0.1.0' })
  const res = results(log)[0]
  assert.deepEqual(res?.locations, [
    {
      physicalLocation: {
        artifactLocation: { uri: FILE, uriBaseId: '%SRCROOT%' },
        region: { startLine: 1 },
      },
    },
  ])
  assert.equal(res.relatedLocations, undefined)
  assert.ok(validate(JSON.parse(JSON.stringify(log))), JSON.stringify(validate.errors))
})

test('paths: relative stay relative to %SRCROOT%, absolute become file URIs', () => {
  assert.deepEqual(artifactLocation('examples/tomoda.yaml'), {
    uri: 'examples/tomoda.yaml',
    uriBaseId: '%SRCROOT%',
  })
  assert.deepEqual(artifactLocation('./infra/my keys#1.yaml'), {
    uri: 'infra/my%20keys%231.yaml',
    uriBaseId: '%SRCROOT%',
  })
  assert.deepEqual(artifactLocation('/srv/repo/keyward.yaml'), {
    uri: 'file:///srv/repo/keyward.yaml',
  })
  assert.deepEqual(artifactLocation('C:\\repo\\keyward.yaml'), {
    uri: 'file:///C:/repo/keyward.yaml',
  })
})

test('the output is byte-identical across two runs of the whole analysis', async () => {
  // given the same manifest checked twice, when each is rendered
  const [a, b] = [await check(broaden), await check(broaden)].map((r) =>
    JSON.stringify(checkToSarif(r, { version: '0.1.0' }), null, 2),
  )
  // then the bytes are the same, and nothing in them looks like a timestamp
  assert.equal(a, b)
  assert.doesNotMatch(a ?? '', /\d{4}-\d\d-\d\dT\d\d:\d\d/)
})

test('weak trusts: each trust finding is a result at its manifest line, the log still conforms', async () => {
  // given a manifest of roles with weak trusts, when checked and written as SARIF
  const result = await checkFile('test/cases/check/weak-trust.yaml')
  const log = checkToSarif(result, { version: '0.0.0-test' })
  // then it validates against the official schema
  assert.ok(validate(JSON.parse(JSON.stringify(log))), JSON.stringify(validate.errors))
  const [run] = log.runs
  // and each KW6xx finding is a result located at the trust entry it names
  const trust = run.results.filter((r) => r.ruleId.startsWith('KW6'))
  assert.deepEqual(trust.map((r) => r.ruleId).sort(), ['KW603', 'KW604', 'KW605', 'KW606'])
  for (const r of trust)
    assert.equal(
      r.locations[0]?.physicalLocation?.artifactLocation.uri,
      'test/cases/check/weak-trust.yaml',
    )
  // and the run carries who can assume each role
  const deployer = run.properties.assumers.find((a) => a.identity === 'deployer')
  assert.deepEqual(
    deployer?.assumers.map((a) => [a.kind, a.subjects, a.verdict]),
    [['oidc', ['system:serviceaccount:*:deployer'], 'wider']],
  )
})
