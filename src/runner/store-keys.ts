/**
 * The KMS keys a runner must use for stores that name their own (`kmsKey`). IAM authorizes a KMS
 * call on the key's ARN, never on an alias, so a store named by alias is matched by the aliases
 * the key carries (`kms:ResourceAliases`) on any key of the account; and each use is allowed only
 * through the store's own service (`kms:ViaService`), so the runner cannot decrypt anything
 * directly.
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
import type { ResolvedStore } from '../model/resolved.ts'
import { STORE_KEY_ACTIONS } from './operations.ts'

/** One statement of the runner's policy, as the manifest writes it. */
export interface StatementEntry {
  readonly sid: string
  readonly actions: readonly string[]
  readonly resources: readonly string[]
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>
}

/** A store that names a key: its manifest text, and what it is in the environment rendered. */
export interface KeyedStore {
  readonly store: ResolvedStore
  /** `kmsKey` as the manifest writes it, `${…}` and all. */
  readonly written: string
}

const KEY_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//
const ALIAS_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/

type Reference = { readonly key: string } | { readonly alias: string }

/**
 * What `written` names, judged by its value in the environment rendered (a variable may hold a
 * key id in one environment and an ARN in another; `keyward check` then sees the others).
 */
function referenceOf(written: string, resolved: string): Reference {
  if (KEY_ARN.test(resolved)) return { key: written }
  const aliasArn = ALIAS_ARN.exec(resolved)
  if (aliasArn?.[1] !== undefined) {
    const at = written.indexOf('alias/')
    return { alias: at >= 0 ? written.slice(at) : aliasArn[1] }
  }
  if (resolved.startsWith('alias/')) return { alias: written }
  return { key: `arn:\${partition}:kms:\${region}:\${account}:key/${written}` }
}

const SERVICE = { secretsmanager: 'secretsmanager', ssm: 'ssm' } as const
const SID = { secretsmanager: 'SecretStoreKeys', ssm: 'ParameterStoreKeys' } as const

/** Statements for the keys `stores` name: one per service, and one more per service for aliases. */
export function storeKeyStatements(stores: readonly KeyedStore[]): StatementEntry[] {
  const out: StatementEntry[] = []
  for (const type of ['secretsmanager', 'ssm'] as const) {
    const mine = stores.filter((s) => s.store.type === type)
    if (mine.length === 0) continue
    const refs = mine.map((s) => ({
      ref: referenceOf(s.written, s.store.kmsKey ?? ''),
      actions: actionsFor(s.store),
    }))
    const via = { StringEquals: { 'kms:ViaService': `${SERVICE[type]}.\${region}.amazonaws.com` } }
    const keys = refs.flatMap((r) => ('key' in r.ref ? [r] : []))
    const aliases = refs.flatMap((r) => ('alias' in r.ref ? [r] : []))
    if (keys.length > 0) {
      out.push({
        sid: SID[type],
        actions: union(keys.map((k) => k.actions)),
        resources: unique(keys.map((k) => ('key' in k.ref ? k.ref.key : ''))),
        conditions: via,
      })
    }
    if (aliases.length > 0) {
      const names = unique(aliases.map((a) => ('alias' in a.ref ? a.ref.alias : '')))
      out.push({
        sid: `${SID[type]}ByAlias`,
        actions: union(aliases.map((a) => a.actions)),
        resources: ['arn:${partition}:kms:${region}:${account}:key/*'],
        conditions: {
          ...via,
          'ForAnyValue:StringEquals': {
            'kms:ResourceAliases': names.length === 1 ? (names[0] ?? '') : names,
          },
        },
      })
    }
  }
  return out
}

function actionsFor(store: ResolvedStore): readonly string[] {
  return store.type === 'secretsmanager'
    ? STORE_KEY_ACTIONS.secretsmanager
    : STORE_KEY_ACTIONS[store.tier]
}

/** Actions of several stores sharing a key kind, in the catalogue's order. */
function union(lists: readonly (readonly string[])[]): string[] {
  const order = [
    ...STORE_KEY_ACTIONS.secretsmanager,
    ...STORE_KEY_ACTIONS.Standard,
    ...STORE_KEY_ACTIONS.Advanced,
  ]
  const wanted = new Set(lists.flat())
  return unique(order.filter((a) => wanted.has(a)))
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)]
}
