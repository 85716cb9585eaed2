/**
 * Secrets, parameters and keyward's registry. Settings and tags only: a store's value is written
 * by a mint (key-port.ts), never here.
 */
import { DeleteAccessKeyCommand, ListUserTagsCommand, UntagUserCommand } from '@aws-sdk/client-iam'
import {
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutResourcePolicyCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-ssm'
import { KeywardError } from '../errors.ts'
import type { Tags } from '../model/account-state.ts'
import { TAG_FORMAT, TAG_KEY_ID } from '../model/tags.ts'
import { encodeRegistry } from '../plan/registry.ts'
import type { Step } from '../plan/steps.ts'
import { AwsJournalPort } from './rotation-journal.ts'
import type { AwsSession } from './session.ts'
import { tagList, tagsOf, type TagList } from './tags.ts'

export async function updateSecret(
  s: AwsSession,
  step: Extract<Step, { kind: 'update-secret' }>,
): Promise<void> {
  await s.call(
    s.secrets,
    new UpdateSecretCommand({
      SecretId: step.name,
      Description: step.description ?? '',
      ...(step.kmsKey === undefined ? {} : { KmsKeyId: step.kmsKey }),
    }),
  )
}

export async function tagSecret(s: AwsSession, name: string, tags: Tags): Promise<void> {
  await s.call(s.secrets, new TagResourceCommand({ SecretId: name, Tags: tagList(tags) }))
}

export async function untagSecret(s: AwsSession, name: string, keys: readonly string[]) {
  await s.call(s.secrets, new UntagResourceCommand({ SecretId: name, TagKeys: [...keys] }))
}

export async function putSecretPolicy(s: AwsSession, name: string, document: unknown) {
  await s.call(
    s.secrets,
    new PutResourcePolicyCommand({
      SecretId: name,
      ResourcePolicy: JSON.stringify(document),
      BlockPublicPolicy: true,
    }),
  )
}

export async function deleteSecretPolicy(s: AwsSession, name: string): Promise<void> {
  await s.find(s.secrets, new DeleteResourcePolicyCommand({ SecretId: name }))
}

/** With its recovery window; a secret already scheduled for deletion is left as it is. */
export async function deleteSecret(s: AwsSession, name: string, days: number): Promise<void> {
  const described = await s.find<{ DeletedDate?: Date }>(
    s.secrets,
    new DescribeSecretCommand({ SecretId: name }),
  )
  if (described === undefined || described.DeletedDate !== undefined) return
  try {
    await s.find(
      s.secrets,
      new DeleteSecretCommand(
        days === 0
          ? { SecretId: name, ForceDeleteWithoutRecovery: true }
          : { SecretId: name, RecoveryWindowInDays: days },
      ),
    )
  } catch (error) {
    // A retry after a lost answer finds the secret already scheduled, which AWS calls invalid.
    const again = await s.find<{ DeletedDate?: Date }>(
      s.secrets,
      new DescribeSecretCommand({ SecretId: name }),
    )
    if (again !== undefined && again.DeletedDate === undefined) throw error
  }
}

export async function restoreSecret(s: AwsSession, name: string): Promise<void> {
  await s.call(s.secrets, new RestoreSecretCommand({ SecretId: name }))
}

export async function tagParameter(s: AwsSession, name: string, tags: Tags): Promise<void> {
  await s.call(
    s.ssm,
    new AddTagsToResourceCommand({
      ResourceType: 'Parameter',
      ResourceId: name,
      Tags: tagList(tags),
    }),
  )
}

export async function untagParameter(s: AwsSession, name: string, keys: readonly string[]) {
  await s.call(
    s.ssm,
    new RemoveTagsFromResourceCommand({
      ResourceType: 'Parameter',
      ResourceId: name,
      TagKeys: [...keys],
    }),
  )
}

export async function deleteParameter(s: AwsSession, name: string): Promise<void> {
  await s.find(s.ssm, new DeleteParameterCommand({ Name: name }))
}

/**
 * Deletes the key keyward recorded on the user, and the record with it — and the keys the
 * journal names for the identity, as a rotation records its keys there and not on the user.
 */
export async function deleteRecordedKey(
  s: AwsSession,
  step: Extract<Step, { kind: 'delete-recorded-key' }>,
): Promise<void> {
  const tags = await s.find<{ Tags?: TagList }>(
    s.iam,
    new ListUserTagsCommand({ UserName: step.user }),
  )
  const recorded = tagsOf(tags?.Tags)[TAG_KEY_ID]
  const rotation = (await new AwsJournalPort(s, step.journal).readJournal()).records.get(step.id)
  const keys = new Set([recorded, rotation?.cur, rotation?.old])
  for (const key of keys) {
    if (key === undefined) continue
    await s.find(s.iam, new DeleteAccessKeyCommand({ UserName: step.user, AccessKeyId: key }))
  }
  if (recorded !== undefined)
    await s.call(
      s.iam,
      new UntagUserCommand({ UserName: step.user, TagKeys: [TAG_KEY_ID, TAG_FORMAT] }),
    )
}

/** SSM's standard tier holds 4 KB; the advanced tier 8 KB, at a small monthly cost. */
const STANDARD_LIMIT = 4096
const ADVANCED_LIMIT = 8192

export async function putRegistry(
  s: AwsSession,
  step: Extract<Step, { kind: 'put-registry' }>,
): Promise<void> {
  const value = encodeRegistry(step.registry)
  const size = Buffer.byteLength(value)
  if (size > ADVANCED_LIMIT) {
    throw new KeywardError(
      'invalid-registry',
      `keyward's record of this environment's groups and managed policies needs ${size} bytes; one SSM parameter holds ${ADVANCED_LIMIT}.`,
      {
        source: 'user',
        hint: 'Split the manifest into smaller projects; a registry spread over several parameters is planned.',
      },
    )
  }
  const tier = size > STANDARD_LIMIT ? 'Advanced' : 'Standard'
  await s.call(
    s.ssm,
    new PutParameterCommand({
      Name: step.name,
      Value: value,
      Type: 'String',
      Overwrite: true,
      Tier: tier,
    }),
  )
  await tagParameter(s, step.name, step.tags)
}
