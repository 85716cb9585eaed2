/**
 * The {@link RotationPort} over the SDK. Secrets Manager has what a verified rotation needs:
 * a version staged AWSPENDING that consumers do not read, then AWSCURRENT moved onto it, the old
 * version keeping AWSPREVIOUS — the same stages AWS's own rotation uses.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html
 *
 * SSM parameters have no stages, and consumers read the latest version. There the pending key
 * is written to a companion parameter (`NAME.keyward-pending`, same KMS key), named in a tag on
 * the parameter; promotion copies it over (a new version, labelled with its key id so a
 * rollback can find the old value again) and removes the companion.
 */
import { GetAccessKeyLastUsedCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam'
import {
  DescribeSecretCommand,
  UpdateSecretVersionStageCommand,
  type DescribeSecretCommandOutput,
} from '@aws-sdk/client-secrets-manager'
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { InternalError } from '../errors.ts'
import type { KeyCheck, MintedKey, RotationPort, StoreView } from '../model/ports.ts'
import type { ResolvedStore, SsmStore } from '../model/resolved.ts'
import { Sensitive } from '../model/sensitive.ts'
import { TAG_KEY_ID, TAG_PENDING } from '../model/tags.ts'
import { AwsError, classify } from './errors.ts'
import { AwsKeyPort, parameterSettings, putLabelled, putVersion } from './key-port.ts'
import { tagParameter, untagParameter } from './perform-stores.ts'
import { currentVersionOf, stagedKeys, versionIdOf } from '../model/secret-versions.ts'
import { tagsOf, type TagList } from './tags.ts'

export const PENDING_SUFFIX = '.keyward-pending'

/** What STS answers for a key IAM does not (yet, or any longer) accept. */
const REJECTED = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'AuthFailure',
])

export class AwsRotationPort extends AwsKeyPort implements RotationPort {
  async viewStore(store: ResolvedStore): Promise<StoreView> {
    const s = this.s
    if (store.type === 'secretsmanager') {
      const found = await s.find<DescribeSecretCommandOutput>(
        s.secrets,
        new DescribeSecretCommand({ SecretId: store.name }),
      )
      if (found === undefined || found.DeletedDate !== undefined) return { exists: false, tags: {} }
      const tags = tagsOf(found.Tags)
      const staged = stagedKeys(found.VersionIdsToStages)
      const currentVersion = currentVersionOf(found.VersionIdsToStages)
      // A secret written before versions were named after keys: its tag says which key it holds.
      const current = staged.current ?? tags[TAG_KEY_ID]
      return {
        exists: true,
        tags,
        ...staged,
        ...(current === undefined ? {} : { current }),
        ...(currentVersion === undefined ? {} : { currentVersion }),
      }
    }
    const found = await s.find<{ TagList?: TagList }>(
      s.ssm,
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: store.name }),
    )
    if (found === undefined) return { exists: false, tags: {} }
    const tags = tagsOf(found.TagList)
    const current = tags[TAG_KEY_ID]
    const pending = tags[TAG_PENDING]
    return {
      exists: true,
      tags,
      ...(current === undefined ? {} : { current }),
      ...(pending === undefined ? {} : { pending }),
    }
  }

  async writePending(store: ResolvedStore, value: Sensitive, keyId: string): Promise<void> {
    const s = this.s
    if (store.type === 'secretsmanager')
      return putVersion(s, store.name, value, keyId, ['AWSPENDING'])
    await s.call(
      s.ssm,
      new PutParameterCommand({
        ...parameterSettings(pendingOf(store)),
        Value: value.reveal(),
        Overwrite: true,
      }),
    )
    await tagParameter(s, store.name, { [TAG_PENDING]: keyId })
  }

  async promote(store: ResolvedStore, keyId: string, seen?: StoreView): Promise<void> {
    if (store.type === 'ssm') return this.#promoteParameter(store, keyId, seen)
    const target = versionIdOf(keyId)
    // AWSCURRENT moves from whichever version holds it (a version not named after a key, for a
    // secret minted before keyward named them); AWS then labels that version AWSPREVIOUS.
    const holder = seen?.currentVersion ?? (await this.#holder(store.name))
    if (holder === target) return
    try {
      await this.#move(store.name, target, holder)
    } catch (error) {
      // A lost answer retried, or a holder that changed since it was read: look, then decide.
      const now = await this.#holder(store.name)
      if (now === target) return
      if (now === holder) throw error
      await this.#move(store.name, target, now)
    }
  }

  async #holder(name: string): Promise<string | undefined> {
    const s = this.s
    const found = await s.call<DescribeSecretCommandOutput>(
      s.secrets,
      new DescribeSecretCommand({ SecretId: name }),
    )
    return currentVersionOf(found.VersionIdsToStages)
  }

  async #move(name: string, target: string, holder: string | undefined): Promise<void> {
    const s = this.s
    await s.call(
      s.secrets,
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: target,
        ...(holder === undefined ? {} : { RemoveFromVersionId: holder }),
      }),
    )
  }

  async #promoteParameter(store: SsmStore, keyId: string, seen: StoreView | undefined) {
    const s = this.s
    const view = seen ?? (await this.viewStore(store))
    // The value comes from the companion while it holds this key, else from the version
    // labelled with it (a rollback to the previous key).
    const source = view.pending === keyId ? pendingOf(store).name : `${store.name}:${keyId}`
    const read = await s.call<{ Parameter?: { Value?: string } }>(
      s.ssm,
      new GetParameterCommand({ Name: source, WithDecryption: true }),
    )
    const text = read.Parameter?.Value
    if (text === undefined) throw new InternalError(`SSM returned no value for ${source}`)
    await putLabelled(s, store, new Sensitive(text), keyId)
    await tagParameter(s, store.name, { [TAG_KEY_ID]: keyId })
    if (view.pending !== undefined) {
      await s.find(s.ssm, new DeleteParameterCommand({ Name: pendingOf(store).name }))
      await untagParameter(s, store.name, [TAG_PENDING])
    }
  }

  async checkKey(key: MintedKey): Promise<KeyCheck> {
    const s = this.s
    const sts = s.stsWith({ accessKeyId: key.id, secretAccessKey: key.secret.reveal() })
    try {
      const answer = await s.attempt<{ Arn?: string }>(
        sts,
        new GetCallerIdentityCommand({}),
        'sts:GetCallerIdentity',
      )
      return { kind: 'accepted', arn: answer.Arn ?? '' }
    } catch (error) {
      const classified = classify(error)
      if (REJECTED.has(classified.code)) return { kind: 'rejected', code: classified.code }
      throw new AwsError('sts:GetCallerIdentity', classified)
    } finally {
      sts.destroy()
    }
  }

  async setKeyStatus(
    user: string,
    id: string,
    status: 'Active' | 'Inactive',
  ): Promise<'done' | 'gone'> {
    const s = this.s
    const done = await s.find(
      s.iam,
      new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: id, Status: status }),
    )
    return done === undefined ? 'gone' : 'done'
  }

  async keyLastUsed(id: string): Promise<Date | null> {
    const s = this.s
    const answer = await s.call<{ AccessKeyLastUsed?: { LastUsedDate?: Date } }>(
      s.iam,
      new GetAccessKeyLastUsedCommand({ AccessKeyId: id }),
    )
    return answer.AccessKeyLastUsed?.LastUsedDate ?? null
  }
}

function pendingOf(store: SsmStore): SsmStore {
  return { ...store, name: `${store.name}${PENDING_SUFFIX}` }
}
