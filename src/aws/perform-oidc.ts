/**
 * IAM OpenID Connect providers. Only ever called for providers keyward created (the planner
 * leaves any other alone), and each call is idempotent: a create that finds the provider checks
 * it is the one this plan meant, adding an audience it already has or removing one it lacks does
 * nothing, and deleting one already gone is done.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 */
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  type GetOpenIDConnectProviderCommandOutput,
} from '@aws-sdk/client-iam'
import type { Tags } from '../model/account-state.ts'
import type { Step } from '../plan/steps.ts'
import { AwsError } from './errors.ts'
import type { AwsSession } from './session.ts'
import { created, sameOwner, tagList } from './tags.ts'

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>

/**
 * CreateOpenIDConnectProvider, with the ThumbprintList only when the manifest gives one: the
 * parameter is optional, and without it IAM uses the top intermediate CA thumbprint of the
 * issuer's certificate (and, for most issuers, its own library of trusted CAs instead) —
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/iam/aws.sdk.kotlin.services.iam.model/-create-open-id-connect-provider-request/thumbprint-list.html
 */
export async function createOidcProvider(
  s: AwsSession,
  step: StepOf<'create-oidc-provider'>,
): Promise<void> {
  const command = new CreateOpenIDConnectProviderCommand({
    Url: step.url,
    ClientIDList: [...step.clientIds],
    ...(step.thumbprints === undefined ? {} : { ThumbprintList: [...step.thumbprints] }),
    Tags: tagList(step.tags),
  })
  if (await created(s.call(s.iam, command))) return
  // Already there: a retry whose first answer was lost, or a provider someone else made since.
  const found = await s.call<GetOpenIDConnectProviderCommandOutput>(
    s.iam,
    new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: step.arn }),
  )
  if (sameOwner(found.Tags, step.tags)) return
  throw new AwsError(
    'iam:CreateOpenIDConnectProvider',
    {
      code: 'EntityAlreadyExists',
      status: 409,
      kind: 'exists',
      message: `An OIDC provider for ${step.url} appeared since the plan was made, and keyward did not create it.`,
    },
    'Run plan again: keyward then uses the existing provider as it is.',
  )
}

export async function addOidcClientId(s: AwsSession, arn: string, clientId: string): Promise<void> {
  await s.call(
    s.iam,
    new AddClientIDToOpenIDConnectProviderCommand({
      OpenIDConnectProviderArn: arn,
      ClientID: clientId,
    }),
  )
}

export async function removeOidcClientId(
  s: AwsSession,
  arn: string,
  clientId: string,
): Promise<void> {
  await s.call(
    s.iam,
    new RemoveClientIDFromOpenIDConnectProviderCommand({
      OpenIDConnectProviderArn: arn,
      ClientID: clientId,
    }),
  )
}

export async function updateOidcThumbprints(
  s: AwsSession,
  arn: string,
  thumbprints: readonly string[],
): Promise<void> {
  await s.call(
    s.iam,
    new UpdateOpenIDConnectProviderThumbprintCommand({
      OpenIDConnectProviderArn: arn,
      ThumbprintList: [...thumbprints],
    }),
  )
}

export async function tagOidcProvider(s: AwsSession, arn: string, tags: Tags): Promise<void> {
  await s.call(
    s.iam,
    new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: tagList(tags) }),
  )
}

export async function untagOidcProvider(
  s: AwsSession,
  arn: string,
  keys: readonly string[],
): Promise<void> {
  await s.call(
    s.iam,
    new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: [...keys] }),
  )
}

export async function deleteOidcProvider(s: AwsSession, arn: string): Promise<void> {
  await s.find(s.iam, new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
}
