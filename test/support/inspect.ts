/**
 * Reading back what keyward left in a moto account, the way a reviewer would check it by hand:
 * ownership tags, the registry, and the keys in their stores — used to verify, never to act.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  ListAccessKeysCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam'
import { GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager'
import {
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { ResolvedUser } from '../../src/model/resolved.ts'
import type { TestAccount } from './account.ts'

export type Tagged = Readonly<Record<string, string>>

const tags = (
  list: { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Tagged => Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))

export async function iamDetails(
  a: TestAccount,
): Promise<GetAccountAuthorizationDetailsCommandOutput> {
  return a.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 }))
}

export async function secretTags(a: TestAccount): Promise<Map<string, Tagged>> {
  const listed = await a.secrets.send(new ListSecretsCommand({ MaxResults: 100 }))
  return new Map((listed.SecretList ?? []).map((s) => [s.Name ?? '', tags(s.Tags)]))
}

export async function parameterTags(a: TestAccount): Promise<Map<string, Tagged>> {
  const listed = await a.ssm.send(new DescribeParametersCommand({ MaxResults: 50 }))
  const out = new Map<string, Tagged>()
  for (const p of listed.Parameters ?? []) {
    const found = await a.ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: p.Name }),
    )
    out.set(p.Name ?? '', tags(found.TagList))
  }
  return out
}

export async function storedValue(a: TestAccount, user: ResolvedUser): Promise<string> {
  const store = user.key?.store
  if (store === undefined) throw new Error(`${user.id} has no key`)
  if (store.type === 'secretsmanager') {
    const value = await a.secrets.send(
      new GetSecretValueCommand({ SecretId: store.name, VersionStage: 'AWSCURRENT' }),
    )
    return value.SecretString ?? ''
  }
  const value = await a.ssm.send(
    new GetParameterCommand({ Name: store.name, WithDecryption: true }),
  )
  return value.Parameter?.Value ?? ''
}

export async function accessKeys(a: TestAccount, user: string): Promise<string[]> {
  const listed = await a.iam.send(new ListAccessKeysCommand({ UserName: user }))
  return (listed.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '')
}

/**
 * The key a store holds, as its consumer would read it: the format's fields for the id and the
 * secret, or — for a store holding the secret alone — the user's one key id.
 */
export async function storedKey(
  a: TestAccount,
  user: ResolvedUser,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const value = await storedValue(a, user)
  const format = user.key?.format
  if (format?.kind === 'json') {
    const fields = JSON.parse(value) as Record<string, string>
    const field = (placeholder: string) =>
      Object.entries(format.fields).find(([, t]) => t === placeholder)?.[0] ?? ''
    return {
      accessKeyId: fields[field('${key.id}')] ?? '',
      secretAccessKey: fields[field('${key.secret}')] ?? '',
    }
  }
  const [id] = await accessKeys(a, user.name)
  return { accessKeyId: id ?? '', secretAccessKey: value }
}

/** Who the key says it is, by STS — the proof a key works. */
export async function whoAmI(
  a: TestAccount,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<string> {
  const sts = a.sts(credentials)
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? ''
  } finally {
    sts.destroy()
  }
}
