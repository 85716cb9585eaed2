/** `keyward eval` and `keyward effective` as a user runs them. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { cli } from './support/io.ts'

const P = 'test/cases/policies'
const USER = 'arn:aws:iam::111111111111:user/uploader'
const OBJECT = 'arn:aws:s3:::tomoda-assets-dev/avatars/1.png'

describe('keyward eval', () => {
  test('names the statement that allowed a request', async () => {
    const { status, stdout } = await cli([
      'eval',
      '--principal',
      USER,
      '--action',
      's3:PutObject',
      '--resource',
      OBJECT,
      '--policy',
      `${P}/uploader.json`,
    ])
    assert.equal(status, 0)
    assert.match(stdout, /^Allowed {2}s3:PutObject on /)
    assert.match(
      stdout,
      /allowed by identity policy test\/cases\/policies\/uploader\.json, statement 0 \(AllowS3Upload\)/,
    )
  })

  test('an explicit deny in a second policy wins, and -o json says which', async () => {
    const { stdout } = await cli([
      'eval',
      '--principal',
      USER,
      '--action',
      's3:PutObjectAcl',
      '--resource',
      OBJECT,
      '--policy',
      `${P}/uploader.json`,
      '--policy',
      `${P}/deny-acl.json`,
      '-o',
      'json',
    ])
    assert.deepEqual(JSON.parse(stdout), {
      decision: 'ExplicitlyDenied',
      reasons: [
        {
          policyType: 'identity',
          policy: `${P}/deny-acl.json`,
          statement: 0,
          sid: 'NoPublicObjects',
          effect: 'Deny',
        },
      ],
    })
  })

  test('with --unknown-context, a tag condition makes the answer conditional', async () => {
    const args = [
      'eval',
      '--principal',
      USER,
      '--action',
      'secretsmanager:GetSecretValue',
      '--resource',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf',
      '--policy',
      `${P}/tagged-reader.json`,
    ]
    const strict = await cli([...args, '-o', 'json'])
    assert.equal((JSON.parse(strict.stdout) as { decision: string }).decision, 'ImplicitlyDenied')
    const open = await cli([...args, '--unknown-context'])
    assert.match(open.stdout, /^AllowedIf/)
    assert.match(open.stdout, /only if StringEquals aws:ResourceTag\/env \[dev\]/)
    const given = await cli([...args, '--context', 'aws:ResourceTag/env=dev', '-o', 'json'])
    assert.equal((JSON.parse(given.stdout) as { decision: string }).decision, 'Allowed')
  })

  test('--batch answers every line, and a bad line does not stop the rest', async () => {
    const lines = [
      {
        id: 'a',
        principal: USER,
        action: 's3:PutObject',
        resource: OBJECT,
        identityPolicies: [{ Statement: [{ Effect: 'Allow', Action: 's3:Put*', Resource: '*' }] }],
      },
      'this is not json',
      { id: 'c', principal: USER, action: 's3:GetObject' },
      {
        id: 'd',
        principal: USER,
        action: 's3:GetObject',
        resource: OBJECT,
        identityPolicies: [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }],
      },
      {
        id: 'e',
        principal: USER,
        action: 's3:GetObject',
        resource: OBJECT,
        identityPolicies: [],
        scps: [[{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }]],
      },
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
    const { status, stdout } = await cli(['eval', '--batch', '-'], {
      readStdin: () => Promise.resolve(`${lines.join('\n')}\n\n`),
    })
    assert.equal(status, 0)
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; decision?: string; error?: { code: string } })
    assert.deepEqual(
      out.map((o) => [o.id, o.decision ?? o.error?.code]),
      [
        ['a', 'Allowed'],
        [null, 'invalid-json'],
        ['c', 'invalid-request'],
        ['d', 'invalid-policy'],
        ['e', 'ImplicitlyDenied'],
      ],
    )
  })

  test('a malformed policy file is a usage error that says what is wrong', async () => {
    const { status, stderr } = await cli([
      'eval',
      '--principal',
      USER,
      '--action',
      's3:GetObject',
      '--resource',
      OBJECT,
      '--policy',
      `${P}/malformed.json`,
    ])
    assert.equal(status, 2)
    assert.match(stderr, /is not a valid identity policy/)
    assert.match(stderr, /Effect must be "Allow" or "Deny"/)
    assert.match(stderr, /needs Resource or NotResource/)
  })

  test('missing flags are explained with an example', async () => {
    const { status, stderr } = await cli(['eval', '--principal', USER])
    assert.equal(status, 2)
    assert.match(stderr, /eval needs --principal, --action and --resource/)
  })
})

describe('keyward effective', () => {
  test('-o json lists every allowed action with its resources', async () => {
    const { status, stdout } = await cli([
      'effective',
      '--principal',
      USER,
      '--policy',
      `${P}/uploader.json`,
      '-o',
      'json',
    ])
    assert.equal(status, 0)
    const report = JSON.parse(stdout) as {
      dataVersion: string
      allowed: { action: string; resources: string[]; conditional: boolean }[]
    }
    assert.match(report.dataVersion, /^\d+\.\d+\.\d+$/)
    assert.deepEqual(
      report.allowed.map((a) => [a.action, a.resources, a.conditional]),
      [
        ['s3:PutObject', ['arn:aws:s3:::tomoda-assets-dev/*'], false],
        ['s3:PutObjectAcl', ['arn:aws:s3:::tomoda-assets-dev/*'], false],
      ],
    )
  })

  test('text output groups by service and access level', async () => {
    const { stdout } = await cli([
      'effective',
      '--principal',
      USER,
      '--policy',
      `${P}/uploader.json`,
      '--policy',
      `${P}/deny-acl.json`,
    ])
    assert.match(stdout, /1 action in 1 service/)
    assert.match(stdout, /^s3 {2}1 action$/m)
    assert.match(stdout, /^ {2}Write\n {4}PutObject {2}arn:aws:s3:::tomoda-assets-dev\/\*$/m)
  })
})
