/**
 * `check --html`: the report of the tomoda example opened in a real headless Chromium from a
 * file:// URL, as whoever gets it attached to a ticket would open it. It must load with no console
 * or page errors and request nothing but itself, draw the dev diagram with the uploader and its
 * key store, and list the PutObjectAcl finding. Hostile names from a manifest must stay text.
 *
 * Chromium is Debian's (`apt-get install chromium`, which .ci/run does); without it this fails,
 * never skips, so a CI that lost the browser cannot pass by not looking.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import type { CheckResult } from '../../src/analyze/check-result.ts'
import { auditKeys } from '../../src/analyze/key-audit.ts'
import { STATUS_FORMAT, type StatusResult } from '../../src/analyze/status-result.ts'
import { checkToHtml } from '../../src/report/check-html.ts'
import { esc } from '../../src/report/check-html-parts.ts'
import { checkFile } from '../support/check.ts'

const CHROMIUM = '/usr/bin/chromium'
const EXAMPLE = 'examples/tomoda.yaml'

const check = (file: string) => checkFile(file)

let checked: Promise<CheckResult> | undefined
/** The example is checked once; each test renders its own variant. */
const tomoda = (): Promise<CheckResult> => (checked ??= check(EXAMPLE))

/** The tomoda result with names no manifest should have, in every kind of place the page shows. */
function hostile(result: CheckResult): CheckResult {
  const evil = `<img src="https://example.invalid/x.png" onerror="alert(1)">`
  const [env, ...envs] = result.environments
  const [finding, ...findings] = result.findings
  assert.ok(env && finding)
  const identities = env.identities.map((i) => ({
    ...i,
    name: `${i.name}${evil}`,
    radius: {
      ...i.radius,
      services: i.radius.services.map((s) => ({
        ...s,
        levels: s.levels.map((l) => ({
          ...l,
          resources: [...l.resources, `arn:aws:s3:::a'"${evil}`],
        })),
      })),
    },
  }))
  return {
    ...result,
    project: `</title><script>alert(1)</script>${evil}`,
    environments: [{ ...env, identities }, ...envs],
    findings: [
      {
        ...finding,
        detail: `<iframe src="https://example.invalid/"></iframe>`,
        link: 'javascript:alert(1)',
      },
      ...findings,
    ],
  }
}

interface Visit {
  readonly page: Page
  readonly requests: readonly string[]
  readonly errors: readonly string[]
  readonly url: string
}

async function visit(browser: Browser, dir: string, name: string, html: string): Promise<Visit> {
  const file = join(dir, name)
  await writeFile(file, html)
  const url = pathToFileURL(file).href
  const page = await browser.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`)
    void dialog.dismiss()
  })
  const response = await page.goto(url, { waitUntil: 'load' })
  assert.ok(response?.ok(), `${url} did not load`)
  return { page, requests, errors, url }
}

test('the HTML report of tomoda opens offline in Chromium, with its diagram and findings', async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: this test drives Debian's Chromium. Install it with ` +
      '`apt-get install -y chromium` (.ci/run does so in CI).',
  )
  const result = await tomoda()
  const html = checkToHtml(result, { version: '0.0.0-test' })
  const dir = await mkdtemp(join(tmpdir(), 'keyward-html-'))
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })

    // given the report written to a file, when Chromium opens it from file://
    const { page, requests, errors, url } = await visit(browser, dir, 'check.html', html)
    // then nothing goes wrong and nothing but the file itself is fetched
    assert.deepEqual(errors, [])
    assert.deepEqual(requests, [url])
    assert.match(await page.title(), /tomoda/)

    // and the dev diagram is an SVG with the uploader and the secret that holds its key
    const svg = page.locator('#diagram-dev svg')
    assert.equal(await svg.count(), 1)
    assert.equal(await svg.getAttribute('role'), 'img')
    assert.match((await svg.getAttribute('aria-label')) ?? '', /dev/)
    const identity = svg.locator('g.node.identity', { hasText: 'uploader' })
    assert.ok((await identity.count()) >= 1, 'an identity node for the uploader')
    const store = svg.locator('g.node.store', { hasText: 'tomoda-s3-uploader-dev' })
    assert.equal(await store.count(), 1, 'a store node for the uploader key')
    assert.ok((await svg.locator('path.edge').count()) >= 3, 'edges between them')
    assert.ok(await store.isVisible())

    // and the findings table lists KW104, PutObjectAcl, at the statement that grants it
    const kw104 = page.locator('table.findings tbody tr', { hasText: 'KW104' })
    assert.equal(await kw104.count(), 2, 'one per environment')
    const row = (await kw104.first().innerText()).replace(/\s+/g, ' ')
    assert.match(row, /s3:PutObjectAcl/)
    assert.match(row, /medium/)
    assert.match(row, /examples\/tomoda\.yaml:\d+/)

    // given hostile names, when rendered and opened, then they show as text and run nothing
    const bad = hostile(result)
    const evil = await visit(browser, dir, 'hostile.html', checkToHtml(bad, { version: '0' }))
    assert.deepEqual(evil.errors, [])
    assert.deepEqual(evil.requests, [evil.url])
    for (const tag of ['script', 'img', 'iframe'])
      assert.equal(await evil.page.locator(tag).count(), 0, `no <${tag}> got in`)
    assert.equal(await evil.page.locator('h1').innerText(), bad.project)
    assert.equal(await evil.page.locator('a[href^="javascript:"]').count(), 0)
  } finally {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('the HTML report is one self-contained, deterministic file', async () => {
  const result = await tomoda()
  const html = checkToHtml(result, { version: '1.2.3' })
  // given the same result twice, then the same bytes
  assert.equal(checkToHtml(result, { version: '1.2.3' }), html)
  // and nothing that could fetch: no src, no stylesheet or script by URL, no url() but markers
  assert.doesNotMatch(html, /\ssrc=|<link\b|<script\b|@import|<img\b|<iframe\b/i)
  assert.deepEqual(
    [...html.matchAll(/url\(([^)]*)\)/g)].filter(([, target]) => !target?.startsWith('#')),
    [],
  )
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/)
  // and the header carries what the report was made from
  for (const text of ['tomoda', EXAMPLE, result.dataVersion, '1.2.3', 'id="diagram-prod"'])
    assert.ok(html.includes(text), text)
})

test('a broken never shows ✖ with the reach that breaks it', async () => {
  const result = await tomoda()
  const [env, ...envs] = result.environments
  const [uploader, ...identities] = env?.identities ?? []
  const [proof, ...proofs] = uploader?.never ?? []
  assert.ok(env && uploader && proof)
  const broken: CheckResult = {
    ...result,
    environments: [
      {
        ...env,
        identities: [
          {
            ...uploader,
            never: [
              {
                ...proof,
                verdict: 'violated',
                reaches: [
                  {
                    action: 's3:ListBucket',
                    resource: 'arn:aws:s3:::tomoda-assets-dev',
                    condition: 'aws:SourceIp in 10.0.0.0/8',
                    grantedBy: [uploader.at],
                  },
                ],
              },
              ...proofs.map((p) => ({
                ...p,
                verdict: 'unproven' as const,
                unweighed: ['arn:aws:iam::aws:policy/X'],
              })),
            ],
          },
          ...identities,
        ],
      },
      ...envs,
    ],
  }
  const html = checkToHtml(broken, { version: '0' })
  assert.match(html, /<li class="violated"><span class="mark"[^>]*>✖<\/span>/)
  assert.match(html, /<li class="unproven"><span class="mark"[^>]*>\?<\/span>/)
  assert.match(html, /<code>aws:SourceIp in 10\.0\.0\.0\/8<\/code>/)
  assert.match(html, /arn:aws:iam::aws:policy\/X/)
})

test('who can assume each role: a table per role, hostile principals and subjects stay text', async () => {
  // given roles with weak trusts, one of them with names no manifest should have
  const result = await checkFile('test/cases/check/weak-trust.yaml')
  const evil = `<img src="https://example.invalid/x.png" onerror="alert(1)">`
  const [env, ...envs] = result.environments
  assert.ok(env)
  const identities = env.identities.map((i) => ({
    ...i,
    assumers: (i.assumers ?? []).map((a) => ({
      ...a,
      principal: `${a.principal}${evil}`,
      subjects: [...a.subjects, `system:serviceaccount:x:${evil}`],
      conditions: [...a.conditions, `StringEquals k [${evil}]`],
    })),
  }))
  const html = checkToHtml(
    { ...result, environments: [{ ...env, identities }, ...envs] },
    { version: '0' },
  )
  // then each role has its "who can assume" table, marked as the evaluator found
  assert.equal([...html.matchAll(/<table class="assumers">/g)].length, 6)
  assert.match(html, /<tr class="wider"><td><span class="mark"[^>]*>✖<\/span>/)
  assert.match(html, /<tr class="confirmed"><td><span class="mark"[^>]*>✔<\/span>/)
  assert.match(html, /also allowed: <code>sts:AssumeRoleWithWebIdentity with sub=/)
  // and no hostile name became markup
  assert.doesNotMatch(html, /<img\b/)
  assert.ok(html.includes(esc(evil)))
  // and Chromium opens it with no error and no request but the file itself
  const dir = await mkdtemp(join(tmpdir(), 'keyward-html-'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
  try {
    const visited = await visit(browser, dir, 'trust.html', html)
    assert.deepEqual(visited.errors, [])
    assert.deepEqual(visited.requests, [visited.url])
    const row = visited.page.locator('#identity-dev-shared table.assumers tbody tr')
    assert.match(await row.innerText(), /anyone/)
  } finally {
    await browser.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('status --html: the keys come first, a table per environment, hostile user names stay text', async () => {
  const result = await tomoda()
  const evil = `<img src="https://example.invalid/k.png" onerror="alert(1)">`
  // given a status with a rotation in progress, a hand-made key and a hostile user of the account
  const legacy = {
    user: `legacy${evil}`,
    arn: 'arn:aws:iam::111122223333:user/legacy',
    keys: [
      {
        key: '…LEG1',
        status: 'Active',
        role: 'unmanaged',
        ageDays: 400,
        lastUsed: null,
        unusedDays: 400,
      } as const,
    ],
  }
  const status: StatusResult = {
    format: STATUS_FORMAT,
    project: 'tomoda',
    file: EXAMPLE,
    at: '2027-02-20T09:00:00.000Z',
    environments: [
      {
        environment: 'dev',
        account: '111122223333',
        region: 'us-east-1',
        identities: [
          {
            id: 'uploader',
            user: 'tomoda-uploader-dev',
            store: { type: 'secretsmanager', name: 'tomoda-s3-uploader-dev' },
            exists: true,
            keys: [
              {
                key: '…NEW1',
                status: 'Active',
                role: 'current',
                ageDays: 0,
                lastUsed: null,
                unusedDays: 0,
              },
              {
                key: '…OLD1',
                status: 'Active',
                role: 'previous',
                ageDays: 91,
                lastUsed: '2027-02-19T08:00:00.000Z',
                unusedDays: 1,
              },
            ],
            rotation: {
              state: 'draining',
              everyDays: 90,
              outcome: {
                kind: 'idle',
                id: 'uploader',
                state: 'draining',
                why: 'consumers still switching',
                next: new Date('2027-02-20T14:00:00Z'),
              },
            },
            drift: [
              {
                op: 'update',
                kind: 'user',
                name: 'tomoda-uploader-dev',
                properties: ['inline policy'],
              },
            ],
          },
        ],
        unmanaged: [legacy],
        findings: auditKeys({
          environment: 'dev',
          identities: [],
          unmanaged: [legacy],
        }),
      },
    ],
  }
  const html = checkToHtml(result, { version: '0.0.0-test', status })
  const dir = await mkdtemp(join(tmpdir(), 'keyward-html-'))
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
    // when Chromium opens the report
    const { page, requests, errors, url } = await visit(browser, dir, 'status.html', html)
    // then it loads nothing else, runs nothing, and the hostile name is text
    assert.deepEqual(errors, [])
    assert.deepEqual(requests, [url])
    assert.equal(await page.locator('img').count(), 0)
    // and the contents lead to the keys, which come before the environments' proofs
    assert.equal(await page.locator('nav a[href="#status"]').count(), 1)
    assert.equal(await page.locator('main > section').first().getAttribute('id'), 'status')
    // and each key is a row with its part, age and last use; the rotation spans the user's rows
    const rows = page.locator('#status table.keys').first().locator('tbody tr')
    assert.equal(await rows.count(), 2)
    assert.match(
      (await rows.nth(0).innerText()).replace(/\s+/g, ' '),
      /…NEW1 current Active 0d never draining — consumers still switching/,
    )
    assert.match(
      (await rows.nth(1).innerText()).replace(/\s+/g, ' '),
      /…OLD1 previous Active 91d 2027-02-19 \(1d\)/,
    )
    assert.match(await page.locator('#status').innerText(), /drift: 1/)
    // and the legacy user's findings are listed with the CIS rules
    const findings = page.locator('#status table.findings tbody tr')
    assert.deepEqual(
      (await findings.allInnerTexts()).map((t) => /KW80\d/.exec(t)?.[0]),
      ['KW801', 'KW802', 'KW804'],
    )
    assert.match(
      await page.locator('#status').innerText(),
      new RegExp(`legacy${evil.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    )
  } finally {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  }
})
