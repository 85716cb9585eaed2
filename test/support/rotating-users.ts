/**
 * A manifest of `count` users, each with its key in its own secret — or parameter, `/PROJECT-uN`
 * — named like the user (`PROJECT-uN`), rotating with no drain and no recovery window — so one rotate run
 * walks a whole cycle. The rotation tests give each case a user of its own.
 */
export function rotatingUsers(
  project: string,
  account: string,
  count: number,
  store: 'secretsmanager' | 'ssm' = 'secretsmanager',
): string {
  const identities = Array.from(
    { length: count },
    (_, i) => `  u${i}:
    type: user
    name: ${project}-u${i}
    allow: [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::${project}-bucket/*'] }]
    key:
      store: { type: ${store}, name: ${store === 'ssm' ? '/' : ''}${project}-u${i} }
      format: { ID: '\${key.id}', SECRET: '\${key.secret}' }
      rotation: { every: 90d, verify: true, drain: 0s, deactivateFor: 0s }`,
  )
  return `version: 1
project: ${project}
environments:
  test: { account: '${account}', region: us-east-1 }
identities:
${identities.join('\n')}
`
}
