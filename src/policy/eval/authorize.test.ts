/**
 * Data-driven cases from AWS's documentation of the evaluation logic (cases/*.yaml). Each names
 * the request, the policies by layer, and the decision AWS documents.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import { authorize, type PolicySet } from './authorize.ts'
import type { ContextMode, ContextValues } from './context.ts'
import { formatFormula } from './formula.ts'
import { parsePolicy, type Policy, type PolicyKind } from './policy.ts'

interface Case {
  readonly name: string
  readonly mode?: ContextMode
  readonly principal: string
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context?: ContextValues
  readonly policies: {
    readonly identity?: unknown[]
    readonly resource?: unknown
    readonly boundaries?: unknown[]
    readonly scps?: unknown[][]
    readonly session?: unknown
  }
  readonly expect: {
    readonly decision: string
    readonly reasons?: string[]
    readonly gaps?: string[]
    readonly condition?: string
  }
}

function policy(document: unknown, name: string, kind: PolicyKind): Policy {
  const parsed = parsePolicy(document, name, kind)
  if (parsed.kind === 'error') throw new Error(parsed.errors.map((e) => e.message).join('\n'))
  return parsed.policy
}

function policiesOf(spec: Case['policies']): PolicySet {
  return {
    identity: (spec.identity ?? []).map((d, i) => policy(d, `identity${i}`, 'identity')),
    ...(spec.resource === undefined
      ? {}
      : { resource: policy(spec.resource, 'resource', 'resource') }),
    boundaries: (spec.boundaries ?? []).map((d, i) => policy(d, `boundary${i}`, 'boundary')),
    scps: (spec.scps ?? []).map((level, l) =>
      level.map((d, i) => policy(d, `scp${l}.${i}`, 'scp')),
    ),
    ...(spec.session === undefined ? {} : { session: policy(spec.session, 'session', 'session') }),
  }
}

const dir = new URL('./cases/', import.meta.url)
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const cases = parse(readFileSync(new URL(file, dir), 'utf8')) as Case[]
  describe(`authorize: ${file}`, () => {
    for (const c of cases) {
      test(c.name, () => {
        // given the request and the policies of each layer; when AWS's logic is applied
        const result = authorize({
          principal: c.principal,
          action: c.action,
          resource: c.resource,
          ...(c.context === undefined ? {} : { context: c.context }),
          ...(c.resourceAccount === undefined ? {} : { resourceAccount: c.resourceAccount }),
          ...(c.mode === undefined ? {} : { mode: c.mode }),
          policies: policiesOf(c.policies),
        })
        // then the decision is the documented one, for the documented reasons
        assert.equal(result.decision, c.expect.decision)
        if (c.expect.reasons !== undefined) {
          const reasons = result.reasons.map(
            (r) => `${r.policy}#${r.statement}${r.sid === undefined ? '' : `/${r.sid}`}`,
          )
          assert.deepEqual(reasons, c.expect.reasons)
        }
        if (c.expect.gaps !== undefined)
          assert.deepEqual(
            result.gaps.map((g) => g.layer),
            c.expect.gaps,
          )
        if (c.expect.condition !== undefined) {
          assert.equal(
            result.condition === undefined ? undefined : formatFormula(result.condition),
            c.expect.condition,
          )
        }
      })
    }
  })
}
