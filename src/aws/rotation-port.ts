/**
 * The {@link RotationPort} over the SDK. In Secrets Manager each key is a version named after it:
 * AWSCURRENT is the key consumers read, and moving it back is a rollback; the version it leaves
 * keeps AWSPREVIOUS — the stages AWS's own rotation uses.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html
 *
 * SSM parameters have no stages, and consumers read the latest version. Each version keyward
 * writes is labelled with its key id, so a rollback can find the old value again, and the
 * parameter's tag names the key it holds.
 */
import { GetAccessKeyLastUsedCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam'
import {
  DescribeSecretCommand,
  UpdateSecretVersionStageCommand,
  type DescribeSecretCommandOutput,
} from '@aws-sdk/client-secrets-manager'
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  type GetParameterHistoryCommandOutput,
} from '@aws-sdk/client-ssm'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { InternalError } from '../errors.ts'
import { canaryBucket, type Canary } from '../model/canary.ts'
import type { KeyCheck, MintedKey, RotationPort, StoreView } from '../model/ports.ts'
import type { ResolvedStore, SsmStore } from '../model/resolved.ts'
import { Sensitive } from '../model/sensitive.ts'
import { TAG_KEY_ID } from '../model/tags.ts'
import { AwsError, classify } from './errors.ts'
import { AwsKeyPort, putLabelled } from './key-port.ts'
import { tagParameter } from './perform-stores.ts'
import { currentVersionOf, stagedKeys, versionIdOf } from '../model/secret-versions.ts'
import { tagsOf, type TagList } from './tags.ts'

/** What STS answers for a key IAM does not (yet, or any longer) accept. */
const REJECTED = new Set([
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'AuthFailure',
])

/** An access key id, as labels name them. */
const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/

export class AwsRotationPort extends AwsKeyPort implements RotationPort {
  async viewStore(store: ResolvedStore, afterCrash = false): Promise<StoreView> {
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
    const view = { exists: true, tags, ...(current === undefined ? {} : { current }) }
    if (!afterCrash) return view
    // The tag comes last of a write's three calls (PutParameter, its label, the tag): the latest
    // version says whether a write got further than its record.
    const latest = await this.#latestVersion(store.name)
    if (latest === undefined || (current !== undefined && latest.labels.includes(current)))
      return view
    const key = latest.labels.find((l) => KEY_ID.test(l))
    return { ...view, unrecorded: key === undefined ? {} : { key } }
  }

  async #latestVersion(name: string): Promise<{ labels: readonly string[] } | undefined> {
    const s = this.s
    let token: string | undefined
    let latest: { Version?: number | undefined; Labels?: string[] | undefined } | undefined
    do {
      const page = await s.call<GetParameterHistoryCommandOutput>(
        s.ssm,
        new GetParameterHistoryCommand({
          Name: name,
          MaxResults: 50,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      )
      for (const v of page.Parameters ?? [])
        if ((v.Version ?? 0) >= (latest?.Version ?? 0)) latest = v
      token = page.NextToken
    } while (token !== undefined)
    return latest === undefined ? undefined : { labels: latest.Labels ?? [] }
  }

  async markStored(store: ResolvedStore, keyId: string): Promise<void> {
    if (store.type !== 'ssm') return
    const s = this.s
    await s.call(s.ssm, new LabelParameterVersionCommand({ Name: store.name, Labels: [keyId] }))
    await tagParameter(s, store.name, { [TAG_KEY_ID]: keyId })
  }

  async promote(store: ResolvedStore, keyId: string, seen?: StoreView): Promise<void> {
    if (store.type === 'ssm') return this.#promoteParameter(store, keyId)
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

  /** A rollback: the old key's value, from the version labelled with it, becomes the latest. */
  async #promoteParameter(store: SsmStore, keyId: string) {
    const s = this.s
    const source = `${store.name}:${keyId}`
    const read = await s.call<{ Parameter?: { Value?: string } }>(
      s.ssm,
      new GetParameterCommand({ Name: source, WithDecryption: true }),
    )
    const text = read.Parameter?.Value
    if (text === undefined) throw new InternalError(`SSM returned no value for ${source}`)
    await putLabelled(s, store, new Sensitive(text), keyId)
    await tagParameter(s, store.name, { [TAG_KEY_ID]: keyId })
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

  async checkCanary(key: MintedKey, canary: Canary): Promise<KeyCheck> {
    const s = this.s
    const credentials = { accessKeyId: key.id, secretAccessKey: key.secret.reveal() }
    const [client, command, operation] =
      canary.action === 's3:ListBucket'
        ? ([
            s.s3With(credentials),
            new ListObjectsV2Command({ Bucket: canaryBucket(canary.resource), MaxKeys: 1 }),
            's3:ListObjectsV2',
          ] as const)
        : ([
            s.secretsWith(credentials),
            new DescribeSecretCommand({ SecretId: canary.resource }),
            'secretsmanager:DescribeSecret',
          ] as const)
    try {
      await s.attempt(client, command, operation)
      return { kind: 'accepted', arn: '' }
    } catch (error) {
      const classified = classify(error)
      // Not yet: the key, or its permissions, still propagating through IAM.
      if (REJECTED.has(classified.code) || classified.kind === 'denied')
        return { kind: 'rejected', code: classified.code }
      throw new AwsError(
        `${operation} (the canary)`,
        classified,
        `The canary's ${canary.resource} must exist; change it in the manifest or remove it.`,
      )
    } finally {
      client.destroy()
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
