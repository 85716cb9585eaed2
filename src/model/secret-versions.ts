/**
 * Secrets Manager versions written by keyward are named after the access key they hold, so the
 * secret's stages (AWSCURRENT, AWSPREVIOUS) say which key is where — from
 * DescribeSecret or ListSecrets, without reading a secret value. A version id (its
 * ClientRequestToken) must be 32 to 64 characters; this one is 39 for a 20-character key id.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
 */
const PREFIX = 'keyward-access-key-'

export function versionIdOf(keyId: string): string {
  return `${PREFIX}${keyId}`
}

/** The key a version holds, when keyward wrote it; undefined for any other version. */
export function keyOfVersion(versionId: string): string | undefined {
  return versionId.startsWith(PREFIX) ? versionId.slice(PREFIX.length) : undefined
}

/** Which keys the stages name. */
export function stagedKeys(stages: Readonly<Record<string, readonly string[]>> | undefined): {
  current?: string
  previous?: string
} {
  const found: { current?: string; previous?: string } = {}
  for (const [version, labels] of Object.entries(stages ?? {})) {
    const key = keyOfVersion(version)
    if (key === undefined) continue
    if (labels.includes('AWSCURRENT')) found.current = key
    if (labels.includes('AWSPREVIOUS')) found.previous = key
  }
  return found
}

/** The version labelled AWSCURRENT, whoever wrote it. */
export function currentVersionOf(
  stages: Readonly<Record<string, readonly string[]>> | undefined,
): string | undefined {
  return Object.entries(stages ?? {}).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0]
}
