/**
 * Data-driven planner cases (cases/*.yaml): a manifest, what the account holds, and the ops the
 * plan must contain, in order. Pure — no AWS. The runner fills in what a case leaves out (ids,
 * ARNs, empty lists, the empty registry), so each case shows only what its scenario is about.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import type {
  AccountState,
  ActualGroup,
  ActualOidcProvider,
  ActualParameter,
  ActualPolicy,
  ActualRole,
  ActualSecret,
  ActualUser,
  Registry,
} from '../model/account-state.ts'
import type {
  ResolvedEnvironment,
  ResolvedIdentity,
  ResolvedManagedPolicy,
} from '../model/resolved.ts'
import { issuerHost } from '../model/arn.ts'
import { decodeRecord } from '../model/rotation-record.ts'
import { ownershipTags, TAG_FORMAT, TAG_KEY_ID } from '../model/tags.ts'
import { loadManifest } from '../manifest/load.ts'
import { loadCatalog } from '../policy/catalog.ts'
import { ActionTable } from '../policy/sweep/action-table.ts'
import { sweepDiffer, syntacticDiffer, type PermissionDiffer } from './broadening.ts'
import { buildPlan } from './build-plan.ts'
import { digest } from './digest.ts'
import type { Op, Plan } from './plan.ts'
import { formatDigest } from './plan-stores.ts'
import { policyKey } from './registry.ts'

type Tags = Record<string, string>

/** Written in place of a document, trust or grant list: the same as the manifest declares. */
const DECLARED = 'declared'

interface Common {
  readonly name: string
  /** Shorthand for the four ownership tags of this project and environment, with this id. */
  readonly owned?: string
  /** Whose declaration `declared` copies, when neither `owned` nor the name tells. */
  readonly like?: string
  readonly tags?: Tags
  readonly path?: string
}

interface UserCase extends Common {
  /** Shorthand for a key keyward minted: `keyward:key-id`, and the declared format's digest. */
  readonly key?: string
  readonly inlinePolicies?: Record<string, unknown> | typeof DECLARED
  readonly managedPolicies?: string[] | typeof DECLARED
  readonly groups?: string[] | typeof DECLARED
  readonly permissionsBoundary?: string
}

interface GroupCase extends Omit<Common, 'owned' | 'tags'> {
  readonly inlinePolicies?: Record<string, unknown> | typeof DECLARED
  readonly managedPolicies?: string[] | typeof DECLARED
}

interface RoleCase extends Common {
  readonly trustPolicy?: unknown
  readonly description?: string
  readonly maxSessionDuration?: number
  readonly inlinePolicies?: Record<string, unknown> | typeof DECLARED
  readonly managedPolicies?: string[] | typeof DECLARED
  readonly permissionsBoundary?: string
}

interface PolicyCase {
  readonly name: string
  readonly like?: string
  readonly path?: string
  readonly arn?: string
  readonly description?: string
  readonly document?: unknown
  readonly versions?: number
}

/** What the account read found a store being adopted holds (aws/held-key.ts). */
interface HeldCase {
  /** The user's key its value holds. */
  readonly held?: string
  /** Why its value holds none of the user's keys. */
  readonly unmatched?: string
}

interface SecretCase extends Common, HeldCase {
  readonly key?: string
  /** The key its AWSCURRENT version is named after. */
  readonly current?: string
  readonly kmsKey?: string
  readonly description?: string
  readonly deleted?: boolean
  readonly resourcePolicy?: unknown
}

interface ParameterCase extends Common, HeldCase {
  readonly key?: string
  readonly type?: string
  readonly tier?: string
  readonly kmsKey?: string
  readonly description?: string
}

interface OidcProviderCase {
  /** The issuer URL, `https://…`. */
  readonly url: string
  /** Carries this environment's ownership tags (id: the URL without its scheme). */
  readonly owned?: boolean
  readonly tags?: Tags
  /** Audiences; default `[sts.amazonaws.com]`. */
  readonly clientIds?: string[]
  readonly thumbprints?: string[]
}

interface ActualCase {
  readonly users?: UserCase[]
  readonly groups?: GroupCase[]
  readonly roles?: RoleCase[]
  readonly policies?: PolicyCase[]
  readonly secrets?: SecretCase[]
  readonly parameters?: ParameterCase[]
  readonly oidcProviders?: OidcProviderCase[]
  readonly registry?: Partial<Registry>
  /** The rotation journal: identity id → record, as rotation-record.ts encodes it. */
  readonly rotations?: Record<string, string>
}

interface OpExpectation {
  /** `OP KIND NAME`, then ` (from OLD)` for a rename and ` (blocked)` for a held-back op. */
  readonly op: string
  readonly steps?: string[]
  readonly broadens?: boolean
  /** The property names of its diffs, in order. */
  readonly diffs?: string[]
  /** The registry its put-registry step writes. */
  readonly registry?: Partial<Registry>
  /** Regular expressions the op's JSON must match. */
  readonly shows?: string[]
}

interface Case {
  readonly title: string
  readonly why: string
  readonly manifest: string
  readonly env: string
  readonly actual?: ActualCase
  readonly allowDelete?: boolean
  readonly differ?: 'syntactic' | 'sweep'
  readonly expect: {
    readonly ops: (string | OpExpectation)[]
    /** How many, or a regular expression for each conflict's message, in order. */
    readonly conflicts?: number | string[]
    readonly noops?: number
  }
}

/** The keys each part of a case may have: a misspelt one would otherwise be silently ignored. */
const COMMON = ['name', 'owned', 'like', 'tags', 'path']
const GRANTS = ['inlinePolicies', 'managedPolicies', 'permissionsBoundary']
const SHAPE: Readonly<Record<string, readonly string[]>> = {
  case: ['title', 'why', 'manifest', 'env', 'actual', 'allowDelete', 'differ', 'expect'],
  actual: [
    'users',
    'groups',
    'roles',
    'policies',
    'secrets',
    'parameters',
    'oidcProviders',
    'registry',
    'rotations',
  ],
  users: [...COMMON, ...GRANTS, 'key', 'groups'],
  groups: ['name', 'like', 'path', 'inlinePolicies', 'managedPolicies'],
  roles: [...COMMON, ...GRANTS, 'trustPolicy', 'description', 'maxSessionDuration'],
  policies: ['name', 'like', 'path', 'arn', 'description', 'document', 'versions'],
  secrets: [
    ...COMMON,
    'key',
    'current',
    'kmsKey',
    'description',
    'deleted',
    'resourcePolicy',
    'held',
    'unmatched',
  ],
  parameters: [...COMMON, 'key', 'type', 'tier', 'kmsKey', 'description', 'held', 'unmatched'],
  oidcProviders: ['url', 'owned', 'tags', 'clientIds', 'thumbprints'],
  registry: ['groups', 'policies'],
  expect: ['ops', 'conflicts', 'noops'],
  op: ['op', 'steps', 'broadens', 'diffs', 'registry', 'shows'],
}
const ACCESS_KEY_ID = /AKIA[A-Z0-9]{16}/g
const CREATED_AT = '2026-01-01T00:00:00.000Z'

let sweep: Promise<ActionTable> | undefined
async function differFor(kind: Case['differ'], account: string): Promise<PermissionDiffer> {
  if (kind !== 'sweep') return syntacticDiffer
  sweep ??= loadCatalog(['*']).then((catalog) => new ActionTable(catalog))
  return sweepDiffer(await sweep, account)
}

/** The account the case describes, with everything it leaves out filled in. */
function accountOf(spec: ActualCase, desired: ResolvedEnvironment): AccountState {
  const { account, region, partition } = desired.environment
  const owner = { project: desired.project, environment: desired.environment.name }
  const registry: Registry = {
    groups: spec.registry?.groups ?? {},
    policies: spec.registry?.policies ?? {},
  }
  const identity = (c: { name: string; owned?: string; like?: string }, type: string) => {
    const id = c.like ?? c.owned
    return desired.identities.find((i) =>
      id === undefined ? i.type === type && i.name === c.name : i.id === id,
    )
  }
  const declared = <T>(value: T | typeof DECLARED | undefined, from: () => T, empty: T): T => {
    if (value !== DECLARED) return value ?? empty
    return from()
  }
  const need = <T>(value: T | undefined, what: string): T => {
    assert.ok(value !== undefined, `\`declared\` needs a declared ${what} to copy`)
    return value
  }
  const inlineOf = (i: ResolvedIdentity | undefined, what: string) => {
    const found = need(i, what)
    return found.inlinePolicy === undefined
      ? {}
      : { [found.inlinePolicy.name]: found.inlinePolicy.document as unknown }
  }
  const keyTags = (c: { key?: string; owned?: string; like?: string }): Tags => {
    if (c.key === undefined) return {}
    const id = c.like ?? c.owned
    const found = desired.identities.find((i) => i.id === id)
    // A user the manifest no longer declares has no current format to record.
    if (found?.type !== 'user') return { [TAG_KEY_ID]: c.key }
    return { [TAG_KEY_ID]: c.key, [TAG_FORMAT]: formatDigest(found.key?.format) }
  }
  const tagsOf = (c: Common & { key?: string }): Tags => {
    const tags: Tags = {
      ...(c.owned === undefined ? {} : ownershipTags(owner, c.owned)),
      ...keyTags(c),
      ...(c.tags ?? {}),
    }
    for (const [k, v] of Object.entries(tags))
      assert.equal(typeof v, 'string', `tag ${k} of ${c.name}: quote it, tags are strings`)
    return tags
  }
  const heldOf = (c: HeldCase) => ({
    ...(c.held === undefined ? {} : { heldKey: c.held }),
    ...(c.unmatched === undefined ? {} : { unmatched: c.unmatched }),
  })
  const iamArn = (type: string, path = '/', name: string) =>
    `arn:${partition}:iam::${account}:${type}${path}${name}`

  const users = (spec.users ?? []).map((c, n): ActualUser => {
    const like = () => {
      const found = need(identity(c, 'user'), `user for ${c.name}`)
      assert.ok(found.type === 'user')
      return found
    }
    return {
      name: c.name,
      id: `AIDA${String(n).padStart(17, '0')}`,
      arn: iamArn('user', c.path, c.name),
      path: c.path ?? '/',
      tags: tagsOf(c),
      inlinePolicies: declared(c.inlinePolicies, () => inlineOf(identity(c, 'user'), c.name), {}),
      managedPolicies: declared(
        c.managedPolicies,
        () => like().managedPolicies.map((p) => p.arn),
        [],
      ),
      groups: declared(c.groups, () => like().groups.map((g) => g.name), []),
      ...(c.permissionsBoundary === undefined
        ? {}
        : { permissionsBoundary: c.permissionsBoundary }),
    }
  })
  const groups = (spec.groups ?? []).map((c, n): ActualGroup => {
    const id = c.like ?? registry.groups[c.name]
    const like = () =>
      need(
        desired.identities.find((i) =>
          id === undefined ? i.type === 'group' && i.name === c.name : i.id === id,
        ),
        `group for ${c.name}`,
      )
    return {
      name: c.name,
      id: `AGPA${String(n).padStart(17, '0')}`,
      arn: iamArn('group', c.path, c.name),
      path: c.path ?? '/',
      inlinePolicies: declared(c.inlinePolicies, () => inlineOf(like(), c.name), {}),
      managedPolicies: declared(
        c.managedPolicies,
        () => like().managedPolicies.map((p) => p.arn),
        [],
      ),
    }
  })
  const roles = (spec.roles ?? []).map((c, n): ActualRole => {
    const like = () => {
      const found = need(identity(c, 'role'), `role for ${c.name}`)
      assert.ok(found.type === 'role')
      return found
    }
    const trust = c.trustPolicy ?? DECLARED
    return {
      name: c.name,
      id: `AROA${String(n).padStart(17, '0')}`,
      arn: iamArn('role', c.path, c.name),
      path: c.path ?? '/',
      tags: tagsOf(c),
      // A role always has a trust policy; unless the case is about it, it is the declared one.
      trustPolicy: trust === DECLARED ? like().trustPolicy : trust,
      ...(c.description === undefined ? {} : { description: c.description }),
      maxSessionDuration: c.maxSessionDuration ?? 3600,
      inlinePolicies: declared(c.inlinePolicies, () => inlineOf(identity(c, 'role'), c.name), {}),
      managedPolicies: declared(
        c.managedPolicies,
        () => like().managedPolicies.map((p) => p.arn),
        [],
      ),
      ...(c.permissionsBoundary === undefined
        ? {}
        : { permissionsBoundary: c.permissionsBoundary }),
    }
  })
  const policies = (spec.policies ?? []).map((c): ActualPolicy => {
    const arn = c.arn ?? iamArn('policy', c.path, c.name)
    const id = c.like ?? registry.policies[policyKey(arn)]
    const like = (): ResolvedManagedPolicy =>
      need(
        desired.policies.find((p) => (id === undefined ? p.name === c.name : p.id === id)),
        `managed policy for ${c.name}`,
      )
    const document = c.document ?? DECLARED
    return {
      name: c.name,
      arn,
      path: c.path ?? '/',
      ...(c.description === undefined ? {} : { description: c.description }),
      // Every policy has a default version; unless the case is about it, it is the declared one.
      document: document === DECLARED ? like().policy.document : document,
      versions: c.versions ?? 1,
    }
  })
  const secrets = (spec.secrets ?? []).map((c): ActualSecret => ({
    name: c.name,
    arn: `arn:${partition}:secretsmanager:${region}:${account}:secret:${c.name}-AbCdEf`,
    tags: tagsOf(c),
    ...(c.kmsKey === undefined ? {} : { kmsKey: c.kmsKey }),
    ...(c.description === undefined ? {} : { description: c.description }),
    deleted: c.deleted ?? false,
    ...(c.resourcePolicy === undefined ? {} : { resourcePolicy: c.resourcePolicy }),
    ...(c.current === undefined ? {} : { currentKey: c.current }),
    ...heldOf(c),
  }))
  const parameters = (spec.parameters ?? []).map((c): ActualParameter => ({
    name: c.name,
    type: c.type ?? 'SecureString',
    ...(c.kmsKey === undefined ? {} : { kmsKey: c.kmsKey }),
    tier: c.tier ?? 'Standard',
    ...(c.description === undefined ? {} : { description: c.description }),
    tags: tagsOf(c),
    ...heldOf(c),
  }))
  const oidcProviders = (spec.oidcProviders ?? []).map((c): ActualOidcProvider => {
    const host = issuerHost(c.url)
    return {
      arn: `arn:${partition}:iam::${account}:oidc-provider/${host}`,
      url: host,
      clientIds: c.clientIds ?? ['sts.amazonaws.com'],
      thumbprints: c.thumbprints ?? [],
      tags: { ...(c.owned === true ? ownershipTags(owner, host) : {}), ...(c.tags ?? {}) },
    }
  })
  const rotations = new Map(
    Object.entries(spec.rotations ?? {}).map(([id, text]) => {
      const record = decodeRecord(text)
      assert.ok(record !== undefined, `rotation of ${id} is not a record: ${text}`)
      return [id, record] as const
    }),
  )
  return {
    account,
    region,
    users,
    groups,
    roles,
    policies,
    secrets,
    parameters,
    registry,
    oidcProviders,
    rotations,
  }
}

/** An op as the cases write it: `OP KIND NAME (from OLD) (blocked)`. */
function describeOp(op: Op): string {
  const from = op.previousName === undefined ? '' : ` (from ${op.previousName})`
  const blocked = op.blocked === undefined ? '' : ' (blocked)'
  return `${op.op} ${op.kind} ${op.name}${from}${blocked}`
}

function checkOp(op: Op, expected: OpExpectation): void {
  const what = describeOp(op)
  if (expected.steps !== undefined)
    assert.deepEqual(
      op.steps.map((s) => s.kind),
      expected.steps,
      `steps of ${what}`,
    )
  if (expected.broadens !== undefined)
    assert.equal(op.broadens !== undefined, expected.broadens, `broadening of ${what}`)
  if (expected.diffs !== undefined)
    assert.deepEqual(
      op.diffs.map((d) => d.property),
      expected.diffs,
      `diffs of ${what}`,
    )
  if (expected.registry !== undefined) {
    const written = op.steps.flatMap((s) => (s.kind === 'put-registry' ? [s.registry] : []))
    assert.deepEqual(
      written,
      [{ groups: expected.registry.groups ?? {}, policies: expected.registry.policies ?? {} }],
      `registry written by ${what}`,
    )
  }
  for (const pattern of expected.shows ?? [])
    assert.match(JSON.stringify(op), new RegExp(pattern), `${what} shows ${pattern}`)
}

/**
 * Every whole access key id the account holds in a tag — recorded ones, and those inside a mint's
 * intent — or that a store being adopted holds; plans may show only the last four characters.
 */
function accessKeyIds(state: AccountState): string[] {
  const tagged = [...state.users, ...state.roles, ...state.secrets, ...state.parameters]
  const held = [...state.secrets, ...state.parameters].flatMap((s) =>
    s.heldKey === undefined ? [] : [s.heldKey],
  )
  return [
    ...tagged.flatMap((r) => Object.values(r.tags).flatMap((v) => v.match(ACCESS_KEY_ID) ?? [])),
    ...held,
  ]
}

async function run(file: string, c: Case): Promise<void> {
  // given the manifest, valid, and the account as the case describes it
  const loaded = await loadManifest({ file: `${file}#manifest`, text: c.manifest })
  if (loaded.kind !== 'valid') {
    const problems = loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)
    assert.fail(`the case's manifest is invalid:\n${problems.join('\n')}`)
  }
  const desired = loaded.manifest.environments.get(c.env)
  assert.ok(desired, `no environment ${c.env}`)
  const actual = accountOf(c.actual ?? {}, desired)

  // when the plan is built
  const input = {
    desired,
    actual,
    manifest: { file, hash: digest(c.manifest) },
    allowDelete: c.allowDelete ?? false,
    differ: await differFor(c.differ, desired.environment.account),
    createdAt: CREATED_AT,
  }
  const plan: Plan = buildPlan(input)

  // then its changes are the expected ones, in order
  const changes = plan.ops.filter((op) => op.op !== 'no-op')
  assert.deepEqual(
    changes.map(describeOp),
    c.expect.ops.map((e) => (typeof e === 'string' ? e : e.op)),
  )
  c.expect.ops.forEach((e, i) => {
    const op = changes[i]
    if (typeof e !== 'string' && op !== undefined) checkOp(op, e)
  })
  const conflicts = c.expect.conflicts ?? 0
  if (typeof conflicts === 'number') {
    assert.equal(
      plan.conflicts.length,
      conflicts,
      `conflicts: ${JSON.stringify(plan.conflicts.map((x) => x.message))}`,
    )
  } else {
    assert.equal(plan.conflicts.length, conflicts.length, 'number of conflicts')
    conflicts.forEach((pattern, i) =>
      assert.match(plan.conflicts[i]?.message ?? '', new RegExp(pattern)),
    )
  }
  if (c.expect.noops !== undefined)
    assert.equal(plan.ops.length - changes.length, c.expect.noops, 'no-op count')

  // and the plan never shows a whole access key id, and is the same when built again
  const json = JSON.stringify(plan)
  for (const id of accessKeyIds(actual))
    assert.ok(!json.includes(id), `the plan shows the whole key id ${id}`)
  assert.deepEqual(buildPlan(input), plan, 'planning is pure')
}

const dir = new URL('./cases/', import.meta.url)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()

describe('planner cases', () => {
  test('there are cases, and each keeps to the case format', () => {
    assert.ok(files.length > 0)
    for (const file of files) {
      const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case
      const shaped = (part: string, value: object, where: string) => {
        const allowed = SHAPE[part] ?? []
        const unknown = Object.keys(value).filter((k) => !allowed.includes(k))
        assert.deepEqual(unknown, [], `${file}: unknown keys in ${where}`)
      }
      shaped('case', c, 'the case')
      assert.match(c.title, /^given .+, when .+, then .+/, `${file}: title`)
      assert.match(c.why, /^[^\n]+$/, `${file}: why is one line`)
      const actual = c.actual ?? {}
      shaped('actual', actual, 'actual')
      if (actual.registry !== undefined) shaped('registry', actual.registry, 'actual.registry')
      for (const [part, list] of Object.entries(actual))
        if (Array.isArray(list))
          for (const entry of list as object[]) shaped(part, entry, `actual.${part}`)
      shaped('expect', c.expect, 'expect')
      for (const op of c.expect.ops) if (typeof op !== 'string') shaped('op', op, op.op)
    }
  })
  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case
    test(`${file.replace(/\.yaml$/, '')}: ${c.title}`, () => run(`cases/${file}`, c))
  }
})
