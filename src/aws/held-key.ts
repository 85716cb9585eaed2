/**
 * Adopting a store keeps the key it holds. A store keyward did not write — Terraform's, a
 * person's — holds one of the user's keys, and its consumers use it; minting another would
 * replace a key that works. So, for a declared store of an identity with `adopt: true` that
 * records no key of keyward's, the account read looks at the value once: wrapped at once in
 * {@link Sensitive}, read in the manifest's format, and dropped as soon as the key id is known.
 * Only the id — never the secret — goes on to the plan, and there only as its last four
 * characters and a digest; apply then records that key as a mint records the key it made.
 *
 * The extra calls happen for such stores only, so once per adoption: GetSecretValue or
 * GetParameter, ListAccessKeys, and — for a format that holds the secret alone — one
 * sts:GetCallerIdentity signed with each of the user's active keys until one answers as the user.
 */
import { LabelParameterVersionCommand } from '@aws-sdk/client-ssm'
import { KeywardError } from '../errors.ts'
import type {
  AccountState,
  ActualParameter,
  ActualSecret,
  ActualUser,
  HeldKey,
} from '../model/account-state.ts'
import { parseStoredKey } from '../model/key-format.ts'
import type { RotationPort } from '../model/ports.ts'
import type { KeyFormat } from '../model/resolved.ts'
import type { Sensitive } from '../model/sensitive.ts'
import { TAG_FORMAT, TAG_KEY_ID, TAG_MINT, type Owner } from '../model/tags.ts'
import { keyHint } from '../plan/context.ts'
import { matchTagged } from '../plan/match.ts'
import { keyDigest, storeToAdopt } from '../plan/plan-stores.ts'
import type { AdoptedKey, PlanScope } from '../plan/scope.ts'
import type { Step } from '../plan/steps.ts'
import { AwsRotationPort } from './rotation-port.ts'
import type { AwsSession } from './session.ts'
import { readStoredValue } from './stored-key.ts'

type Read = Pick<AccountState, 'users' | 'secrets' | 'parameters' | 'rotations'>

/** The account's stores, each store being adopted with what it was found to hold. */
export async function withHeldKeys(
  session: AwsSession,
  scope: PlanScope,
  state: Read,
): Promise<Pick<AccountState, 'secrets' | 'parameters'>> {
  const port = new AwsRotationPort(session)
  const found = new Map<ActualSecret | ActualParameter, HeldKey>()
  await Promise.all(
    (scope.adoptedKeys ?? []).map(async (adopted) => {
      const target = toRead(state, scope.owner, adopted)
      if (target === undefined) return
      found.set(target.store, await heldKey(session, port, adopted, target.user))
    }),
  )
  const withHeld = <T extends ActualSecret | ActualParameter>(store: T): T => {
    const held = found.get(store)
    return held === undefined ? store : { ...store, ...held }
  }
  return { secrets: state.secrets.map(withHeld), parameters: state.parameters.map(withHeld) }
}

/**
 * The store to read and whose keys to look among, when there is one: a store planning adopts,
 * that records no key of keyward's and no mint or rotation under way, of a user that exists.
 */
function toRead(
  state: Read,
  owner: Owner,
  adopted: AdoptedKey,
): { readonly store: ActualSecret | ActualParameter; readonly user: ActualUser } | undefined {
  const store = storeToAdopt(state, owner, adopted.id, adopted.store)
  if (store === undefined || ('deleted' in store && store.deleted)) return undefined
  if (store.tags[TAG_KEY_ID] !== undefined || store.tags[TAG_MINT] !== undefined) return undefined
  // A secret keyward wrote names its key in its versions (model/secret-versions.ts).
  if ('currentKey' in store) return undefined
  if (state.rotations?.get(adopted.id) !== undefined) return undefined
  const user = matchTagged(state.users, owner, adopted.id, adopted.user, true)
  return user.kind === 'owned' || user.kind === 'adopt' ? { store, user: user.actual } : undefined
}

async function heldKey(
  session: AwsSession,
  port: AwsRotationPort,
  adopted: AdoptedKey,
  user: ActualUser,
): Promise<HeldKey> {
  const value = await readStoredValue(session, adopted.store)
  if (value === undefined) return { unmatched: 'it holds no value' }
  return identifyKey(port, adopted.format, value, user)
}

/** Which of the user's keys a store's value holds in `format`, or why none. */
export async function identifyKey(
  port: Pick<RotationPort, 'listKeys' | 'checkKey'>,
  format: KeyFormat,
  value: Sensitive,
  user: Pick<ActualUser, 'name' | 'arn'>,
): Promise<HeldKey> {
  const stored = parseStoredKey(format, value)
  if (stored.kind === 'unmatched') return { unmatched: stored.why }
  // A key that cannot sign would leave consumers broken and rotation stuck: a new one it is.
  const active = (await port.listKeys(user.name)).filter((k) => k.status === 'Active')
  const id = stored.id
  if (id !== undefined) {
    return active.some((k) => k.id === id)
      ? { heldKey: id }
      : { unmatched: `its key ${keyHint(id)} is not an active key of ${user.name}` }
  }
  // The secret alone: the key it belongs to is the one STS accepts it with, as the user — the
  // check rotation makes of a new key. One key at a time; a user has two at most.
  for (const key of active) {
    const check = await port.checkKey({ id: key.id, secret: stored.secret })
    if (check.kind === 'accepted' && check.arn === user.arn) return { heldKey: key.id }
  }
  return { unmatched: `no active key of ${user.name} signs in with the secret it holds` }
}

/** Performs a record-key step (steps.ts): user first, so a run cut short is read again. */
export async function recordKey(
  s: AwsSession,
  step: Extract<Step, { kind: 'record-key' }>,
): Promise<void> {
  const port = new AwsRotationPort(s)
  const id = (await port.listKeys(step.user)).find((k) => keyDigest(k.id) === step.match)?.id
  if (id === undefined) {
    throw new KeywardError(
      'stale-plan',
      `${step.user} no longer has the key ${step.key} that ${step.store.name} held when the plan was made; nothing was recorded.`,
      { source: 'user', hint: 'Plan again, review, and apply the new plan.' },
    )
  }
  const record = { [TAG_KEY_ID]: id, [TAG_FORMAT]: step.format }
  await port.tagUser(step.user, record)
  // A rollback finds a key's value by the version labelled with its id (key-port.ts putLabelled).
  if (step.store.type === 'ssm')
    await s.call(s.ssm, new LabelParameterVersionCommand({ Name: step.store.name, Labels: [id] }))
  await port.tagStore(step.store, record)
}
