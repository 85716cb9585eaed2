import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadCatalog } from '../policy/catalog.ts'
import { lookupAction } from '../policy/actions.ts'
import {
  CREDENTIALS_EXPOSURE,
  DATA_EXFILTRATION,
  ESCALATION_PATHS,
  SELF_BOUND_CREDENTIALS,
  type PathStep,
} from './risk-catalog.ts'

const LISTS = {
  CREDENTIALS_EXPOSURE,
  DATA_EXFILTRATION,
  SELF_BOUND_CREDENTIALS,
  ...Object.fromEntries(ESCALATION_PATHS.map((p) => [p.id, p.steps.map((s) => s.action)])),
}

test('every action is one AWS publishes, spelled exactly as AWS spells it', async () => {
  // given the whole IAM catalog
  const catalog = await loadCatalog(['*'])
  for (const [list, actions] of Object.entries(LISTS)) {
    for (const action of actions) {
      // when the action is looked up
      const found = lookupAction(catalog, action)
      // then it names exactly one action, and AWS's spelling matches ours to the letter
      assert.equal(found.kind, 'actions', `${list}: ${action} is not in the catalog`)
      assert.equal(found.actions.length, 1, `${list}: ${action} matches more than one action`)
      const [info] = found.actions
      assert.ok(info !== undefined)
      assert.equal(`${info.service}:${info.name}`, action, `${list}: AWS spells it differently`)
    }
  }
})

test('no list names the same action twice', () => {
  for (const [list, actions] of Object.entries(LISTS)) {
    // given a list (a path's steps count as one)
    const lower = actions.map((a) => a.toLowerCase())
    // then each action appears once, whatever its case
    assert.equal(new Set(lower).size, lower.length, `${list} repeats an action`)
  }
})

test('paths have unique kebab-case ids, steps, and a sentence and an https link each', () => {
  const seen = new Set<string>()
  for (const path of ESCALATION_PATHS) {
    // given a path
    // then its id is kebab-case and no other path has it
    assert.match(path.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${path.id} is not kebab-case`)
    assert.ok(!seen.has(path.id), `${path.id} is used twice`)
    seen.add(path.id)
    // and it needs at least one action to exist at all
    assert.ok(path.steps.length > 0, `${path.id} has no steps`)
    assert.ok(path.name.trim().length > 0, `${path.id} has no name`)
    assert.ok(path.how.trim().endsWith('.'), `${path.id}: how should be a sentence`)
    // and its write-up is an https address
    assert.equal(new URL(path.link).protocol, 'https:', `${path.id} links over plain http`)
  }
})

test('no path is a strict superset of another: it would only repeat the smaller one’s finding', () => {
  const key = (s: PathStep) => `${s.action}@${s.reach}`
  for (const bigger of ESCALATION_PATHS) {
    const steps = new Set(bigger.steps.map(key))
    for (const smaller of ESCALATION_PATHS) {
      // given two different paths
      if (smaller === bigger) continue
      // then the smaller one's steps are not all among the bigger one's
      assert.ok(
        !smaller.steps.every((s) => steps.has(key(s))),
        `${bigger.id} needs everything ${smaller.id} needs, and more`,
      )
    }
  }
})

test('a self-bound credential action is a credential action', () => {
  const all = new Set(CREDENTIALS_EXPOSURE.map((a) => a.toLowerCase()))
  for (const action of SELF_BOUND_CREDENTIALS) assert.ok(all.has(action.toLowerCase()), action)
})
