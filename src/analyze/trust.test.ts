/**
 * Who can assume a role, data-driven (cases/trust.yaml): each case is a trust policy, the
 * assumers keyward derives and confirms with its evaluator, and the findings on it.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import type { PolicyDocument } from '../model/policy-document.ts'
import type { ResolvedRole } from '../model/resolved.ts'
import { trustOf } from './trust.ts'

interface Case {
  readonly name: string
  readonly trust: Record<string, unknown>
  readonly expect: {
    readonly assumers: readonly (readonly [string, string, readonly string[], string])[]
    readonly actions?: readonly string[]
    readonly findings: readonly string[]
  }
}

const HOST = 'oidc.eks.us-east-1.amazonaws.com/id/CLUSTER1'

function role(trust: Record<string, unknown>): ResolvedRole {
  const text = JSON.stringify({ Version: '2012-10-17', ...trust }).replaceAll('HOST', HOST)
  return {
    type: 'role',
    id: 'app',
    name: 'app',
    path: '/',
    arn: 'arn:aws:iam::111111111111:role/app',
    managedPolicies: [],
    never: [],
    source: { file: 'keyward.yaml', line: 3, column: 3 },
    adopt: false,
    tags: {},
    maxSessionDurationSeconds: 3600,
    trustPolicy: JSON.parse(text) as PolicyDocument,
    trustSources: [
      { file: 'keyward.yaml', line: 6, column: 7 },
      { file: 'keyward.yaml', line: 9, column: 7 },
    ],
  }
}

const cases = parse(readFileSync(new URL('./cases/trust.yaml', import.meta.url), 'utf8')) as Case[]

describe('who can assume a role', () => {
  for (const c of cases) {
    test(c.name, () => {
      // given the role's trust policy; when its assumers are derived and probed
      const result = trustOf({ environment: 'dev', role: role(c.trust) })
      // then each principal is listed with its subjects and the evaluator's verdict
      const host = (text: string) => text.replaceAll('HOST', HOST)
      assert.deepEqual(
        result.assumers?.map((a) => [a.kind, a.principal, a.subjects, a.verdict]),
        c.expect.assumers.map(([kind, principal, subjects, verdict]) => [
          kind,
          host(principal),
          subjects,
          verdict,
        ]),
      )
      const [first] = result.assumers ?? []
      if (c.expect.actions !== undefined) assert.deepEqual(first?.actions, c.expect.actions)
      // and the findings are the expected rules, each at the statement's line, with a fix
      assert.deepEqual(
        result.findings.map((f) => f.id),
        c.expect.findings,
      )
      for (const f of result.findings) {
        assert.equal(f.locations[0]?.location.line, 6)
        assert.match(f.detail, /In the manifest \(keyward\.yaml:6\): under `trust/)
        assert.equal(f.fingerprint.split('/').slice(0, 3).join('/'), `${f.rule}/dev/app`)
      }
    })
  }

  test('a trust policy the evaluator cannot read gives no assumers, and no false comfort', () => {
    const result = trustOf({ environment: 'dev', role: role({ Statement: 'nonsense' }) })
    assert.equal(result.assumers, undefined)
    assert.deepEqual(result.findings, [])
  })

  test('the declared probes carry the declared subject and audience; foreign ones are denied', () => {
    const [irsa] = cases
    assert.ok(irsa)
    const [assumer] = trustOf({ environment: 'dev', role: role(irsa.trust) }).assumers ?? []
    assert.deepEqual(
      assumer?.probes.map((p) => [p.probe, p.context[`${HOST}:sub`], p.decision]),
      [
        ['declared', 'system:serviceaccount:apps:app', 'Allowed'],
        ['other-subject', 'system:serviceaccount:keyward-probe:probe', 'ImplicitlyDenied'],
        ['other-namespace', 'system:serviceaccount:keyward-probe:app', 'ImplicitlyDenied'],
        ['other-service-account', 'system:serviceaccount:apps:keyward-probe', 'ImplicitlyDenied'],
        ['other-audience', 'system:serviceaccount:apps:app', 'ImplicitlyDenied'],
      ],
    )
  })
})
