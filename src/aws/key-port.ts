/**
 * The {@link KeyPort} the mint protocol runs on, over the SDK. The only code that holds a secret
 * access key: from CreateAccessKey's answer, wrapped at once in {@link Sensitive}, to the store
 * write that sends it.
 */
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  TagUserCommand,
  type CreateAccessKeyCommandOutput,
} from '@aws-sdk/client-iam'
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type DescribeSecretCommandOutput,
} from '@aws-sdk/client-secrets-manager'
import {
  DescribeParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  type DescribeParametersCommandOutput,
} from '@aws-sdk/client-ssm'
import { InternalError } from '../errors.ts'
import type { Tags } from '../model/account-state.ts'
import type { AccessKeyInfo, KeyPort, MintedKey, OpenedStore } from '../model/ports.ts'
import type { ResolvedStore, SecretsManagerStore, SsmStore } from '../model/resolved.ts'
import { Sensitive } from '../model/sensitive.ts'
import { TAG_KEY_ID } from '../model/tags.ts'
import { tagParameter, tagSecret, untagParameter, untagSecret } from './perform-stores.ts'
import type { AwsSession } from './session.ts'
import { stagedKeys, versionIdOf } from '../model/secret-versions.ts'
import { created, tagList, tagsOf, type TagList } from './tags.ts'

/** What a new parameter holds until its key is written: SSM has no empty parameters. */
export const PENDING_VALUE = 'keyward: a key is being minted into this parameter'

export class AwsKeyPort implements KeyPort {
  protected readonly s: AwsSession

  constructor(session: AwsSession) {
    this.s = session
  }

  openStore(store: ResolvedStore, tags: Tags): Promise<OpenedStore> {
    return store.type === 'secretsmanager'
      ? this.#openSecret(store, tags)
      : this.#openParameter(store, tags)
  }

  async #openSecret(store: SecretsManagerStore, tags: Tags): Promise<OpenedStore> {
    const s = this.s
    const describe = () =>
      s.find<DescribeSecretCommandOutput>(
        s.secrets,
        new DescribeSecretCommand({ SecretId: store.name }),
      )
    let found = await describe()
    if (found === undefined) {
      const made = await created(
        s.call(
          s.secrets,
          new CreateSecretCommand({
            Name: store.name,
            Tags: tagList(tags),
            ...(store.description === undefined ? {} : { Description: store.description }),
            ...(store.kmsKey === undefined ? {} : { KmsKeyId: store.kmsKey }),
          }),
        ),
      )
      if (made) return { tags }
      found = await describe()
    } else if (found.DeletedDate !== undefined) {
      await s.call(s.secrets, new RestoreSecretCommand({ SecretId: store.name }))
    }
    const current = stagedKeys(found?.VersionIdsToStages).current
    return { tags: tagsOf(found?.Tags), ...(current === undefined ? {} : { current }) }
  }

  async #openParameter(store: SsmStore, tags: Tags): Promise<OpenedStore> {
    const s = this.s
    const listed = await s.call<DescribeParametersCommandOutput>(
      s.ssm,
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [store.name] }] }),
    )
    if ((listed.Parameters ?? []).length === 0) {
      const made = await created(
        s.call(
          s.ssm,
          new PutParameterCommand({
            ...parameterSettings(store),
            Value: PENDING_VALUE,
            Tags: tagList(tags),
          }),
        ),
      )
      if (made) return { tags }
    }
    const found = await s.call<{ TagList?: TagList }>(
      s.ssm,
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: store.name }),
    )
    const existing = tagsOf(found.TagList)
    const current = existing[TAG_KEY_ID]
    return { tags: existing, ...(current === undefined ? {} : { current }) }
  }

  tagStore(store: ResolvedStore, tags: Tags): Promise<void> {
    return store.type === 'secretsmanager'
      ? tagSecret(this.s, store.name, tags)
      : tagParameter(this.s, store.name, tags)
  }

  untagStore(store: ResolvedStore, keys: readonly string[]): Promise<void> {
    return store.type === 'secretsmanager'
      ? untagSecret(this.s, store.name, keys)
      : untagParameter(this.s, store.name, keys)
  }

  async writeStore(store: ResolvedStore, value: Sensitive, keyId: string): Promise<void> {
    if (store.type === 'secretsmanager') return putVersion(this.s, store.name, value, keyId)
    await putLabelled(this.s, store, value, keyId)
  }

  async userTags(user: string): Promise<Tags> {
    const s = this.s
    const result = await s.call<{ Tags?: TagList }>(
      s.iam,
      new ListUserTagsCommand({ UserName: user }),
    )
    return tagsOf(result.Tags)
  }

  async tagUser(user: string, tags: Tags): Promise<void> {
    await this.s.call(this.s.iam, new TagUserCommand({ UserName: user, Tags: tagList(tags) }))
  }

  async listKeys(user: string): Promise<readonly AccessKeyInfo[]> {
    const s = this.s
    const result = await s.call<{
      AccessKeyMetadata?: { AccessKeyId?: string; Status?: string; CreateDate?: Date }[]
    }>(s.iam, new ListAccessKeysCommand({ UserName: user }))
    return (result.AccessKeyMetadata ?? []).map((k) => ({
      id: k.AccessKeyId ?? '',
      status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
      ...(k.CreateDate === undefined ? {} : { created: k.CreateDate }),
    }))
  }

  async createKey(user: string): Promise<MintedKey | 'unknown'> {
    const s = this.s
    const outcome = await s.once(s.iam, new CreateAccessKeyCommand({ UserName: user }))
    if (outcome.kind === 'unknown') return 'unknown'
    const result = outcome.value as CreateAccessKeyCommandOutput
    const id = result.AccessKey?.AccessKeyId
    const secret = result.AccessKey?.SecretAccessKey
    if (id === undefined || secret === undefined)
      throw new InternalError(`CreateAccessKey for ${user} answered without a key`)
    return { id, secret: new Sensitive(secret) }
  }

  async deleteKey(user: string, id: string): Promise<void> {
    await this.s.find(this.s.iam, new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: id }))
  }
}

/**
 * Writes a secret version named after its key, and makes it AWSCURRENT: a repeated request adds
 * no second version, and the stages say which key is where.
 */
async function putVersion(
  s: AwsSession,
  name: string,
  value: Sensitive,
  keyId: string,
): Promise<void> {
  await s.call(
    s.secrets,
    new PutSecretValueCommand({
      SecretId: name,
      SecretString: value.reveal(),
      ClientRequestToken: versionIdOf(keyId),
    }),
  )
}

/**
 * Overwrites a parameter and labels the new version with its key id: SSM keeps a parameter's
 * history, and the label is how a rollback finds the previous key's value (`NAME:KEYID`).
 */
export async function putLabelled(
  s: AwsSession,
  store: SsmStore,
  value: Sensitive,
  keyId: string,
): Promise<void> {
  const put = await s.call<{ Version?: number }>(
    s.ssm,
    new PutParameterCommand({
      ...parameterSettings(store),
      Value: value.reveal(),
      Overwrite: true,
    }),
  )
  if (put.Version === undefined) return
  await s.call(
    s.ssm,
    new LabelParameterVersionCommand({
      Name: store.name,
      ParameterVersion: put.Version,
      Labels: [keyId],
    }),
  )
}

function parameterSettings(store: SsmStore) {
  return {
    Name: store.name,
    Type: 'SecureString' as const,
    Tier: store.tier,
    ...(store.kmsKey === undefined ? {} : { KeyId: store.kmsKey }),
    ...(store.description === undefined ? {} : { Description: store.description }),
  }
}
