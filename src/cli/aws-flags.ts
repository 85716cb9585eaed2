/**
 * The AWS flags of every command that connects, apart from the code that connects: help and argument
 * parsing need them, and must not load the AWS SDK to get them.
 */
export const AWS_OPTIONS = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'allow-local-account': { type: 'boolean' },
  'no-assume-role': { type: 'boolean' },
} as const

export const AWS_HELP: readonly [string, string][] = [
  ['--profile NAME', 'AWS profile to use (default: the standard credential chain).'],
  ['--region REGION', 'Region to call (default: the environment’s region).'],
  ['--endpoint URL', 'Another endpoint, e.g. moto on 127.0.0.1 (default: $AWS_ENDPOINT_URL).'],
  [
    '--allow-local-account',
    'Against a loopback endpoint only: accept an account id other than the environment’s.',
  ],
  [
    '--no-assume-role',
    'Ignore the environment’s `assumeRole`: the credentials already are that role (a runner in its account).',
  ],
]

export interface AwsFlags {
  readonly profile?: string | undefined
  readonly region?: string | undefined
  readonly endpoint?: string | undefined
  readonly 'allow-local-account'?: boolean | undefined
  readonly 'no-assume-role'?: boolean | undefined
}
