/**
 * Reads a key back from its store: for `keyward bootstrap k8s`, which must hand ESO its first
 * credentials, and for a store being adopted, to learn which key it holds (held-key.ts). The
 * value is wrapped at once, so nothing can print it on the way to the file, kubectl's standard
 * input, or the one check that uses it.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
} from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, type GetParameterCommandOutput } from '@aws-sdk/client-ssm'
import type { ResolvedStore } from '../model/resolved.ts'
import { Sensitive } from '../model/sensitive.ts'
import type { AwsSession } from './session.ts'

/** The store's current value, or undefined when the store does not exist yet. */
export async function readStoredValue(
  session: AwsSession,
  store: Pick<ResolvedStore, 'type' | 'name'>,
): Promise<Sensitive | undefined> {
  if (store.type === 'ssm') {
    const found = await session.find<GetParameterCommandOutput>(
      session.ssm,
      new GetParameterCommand({ Name: store.name, WithDecryption: true }),
    )
    const value = found?.Parameter?.Value
    return value === undefined ? undefined : new Sensitive(value)
  }
  const found = await session.find<GetSecretValueCommandOutput>(
    session.secrets,
    new GetSecretValueCommand({ SecretId: store.name, VersionStage: 'AWSCURRENT' }),
  )
  const value = found?.SecretString
  return value === undefined ? undefined : new Sensitive(value)
}
