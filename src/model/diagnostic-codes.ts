/**
 * Every diagnostic keyward can report, with its default severity and a one-line explanation.
 * Codes are stable: CI annotations, `-o json` consumers and tests match on them.
 */
export const DIAGNOSTIC_CODES = {
  'yaml-syntax': ['error', 'The file is not valid YAML.'],
  'unsupported-version': ['error', 'The manifest `version` is not one this keyward understands.'],
  'unknown-key': ['error', 'A key the schema does not define (often a typo).'],
  'missing-key': ['error', 'A required key is absent.'],
  'invalid-type': [
    'error',
    'A value has the wrong YAML type (e.g. a list where a string is expected).',
  ],
  'invalid-value': ['error', 'A value is outside the allowed set or range.'],
  'invalid-format': [
    'error',
    'A string does not have the required shape (duration, account id, …).',
  ],
  'conflicting-keys': ['error', 'Two keys that exclude each other are both present.'],
  'not-allowed-for-type': ['error', 'A key that only applies to another identity type.'],
  'key-not-allowed': ['error', 'An access `key` on a group or role; only users have access keys.'],
  'invalid-template': ['error', 'A `${…}` placeholder that is malformed or unterminated.'],
  'undefined-variable': ['error', 'A `${name}` that no environment or top-level `vars` defines.'],
  'reserved-variable': ['error', 'A variable whose name is reserved for a built-in.'],
  'unknown-reference': [
    'error',
    'A reference to an identity, policy or attribute that does not exist.',
  ],
  'reference-cycle': ['error', 'References that depend on each other in a loop.'],
  'policy-variable-not-allowed': [
    'error',
    'An IAM policy variable (`${aws:…}`) outside a policy statement, where IAM would not expand it.',
  ],
  'key-reference-outside-format': [
    'error',
    '`${key.id}` or `${key.secret}` used outside `key.format`.',
  ],
  'key-secret-missing': ['error', 'A `key.format` that never stores `${key.secret}`.'],
  'unknown-service': ['error', 'An action whose service prefix is not in the IAM catalog.'],
  'unknown-action': [
    'error',
    'An action (or action pattern) that matches nothing in the IAM catalog.',
  ],
  'action-resource-mismatch': [
    'error',
    'An action that none of its statement’s resources can apply to, so it grants nothing.',
  ],
  'resource-type-mismatch': [
    'error',
    'A resource ARN that matches none of the resource types of the statement’s actions.',
  ],
  'invalid-arn': ['error', 'A string that must be an ARN (of a given kind) and is not.'],
  'unknown-condition-operator': ['error', 'A condition operator IAM does not define.'],
  'unknown-condition-key': [
    'warning',
    'A condition key AWS does not define, so no request carries it and the condition never holds as meant.',
  ],
  'invalid-name': ['error', 'A name that breaks AWS naming rules once interpolated.'],
  'invalid-path': ['error', 'An IAM path that breaks AWS rules (`/` or `/a/b/`).'],
  'invalid-tag': ['error', 'A tag key or value that AWS would reject.'],
  'duplicate-name': ['error', 'Two resources of one kind that would get the same physical name.'],
  'policy-too-large': ['error', 'A policy document larger than the IAM quota for its kind.'],
  'too-many-groups': ['error', 'A user in more groups than IAM allows (10).'],
  'too-many-managed-policies': [
    'warning',
    'More managed policies than the default IAM quota (10).',
  ],
  'oidc-trust-unconditioned': [
    'error',
    'An OIDC trust that does not restrict the token subject, so any workload of the issuer could assume the role.',
  ],
  'oidc-provider-mismatch': [
    'error',
    'Two roles trusting the same OIDC issuer with different thumbprints, which its one IAM provider cannot hold.',
  ],
  'invalid-principal': [
    'error',
    'A trust principal IAM would refuse: not an account id, a user, role or session ARN, or a service.',
  ],
  'trust-allows-anyone': [
    'error',
    'A trust with principal `*` and no condition, which lets anyone in any AWS account assume the role.',
  ],
  'wrong-partition': [
    'error',
    'An ARN in another partition than the environment’s (`arn:aws:` in a China or GovCloud region).',
  ],
  'assume-role-other-account': [
    'error',
    'An environment’s `assumeRole` names a role in another account, whose sessions act there and not in the environment’s account.',
  ],
  'rotation-overlap': [
    'error',
    'A rotation period too short to retire the old key first, which would need a third key.',
  ],
  'canary-without-verify': [
    'error',
    'A rotation canary with `verify: false`: the canary is part of the verification it turns off.',
  ],
  'drain-shorter-than-refresh': [
    'warning',
    'A drain period shorter than a consumer’s refresh interval, so a consumer may still use the old key.',
  ],
  'secret-name-suffix': [
    'warning',
    'A secret name ending in a hyphen and six characters, which confuses ARN matching.',
  ],
} as const satisfies Record<string, readonly ['error' | 'warning', string]>

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES

export function defaultSeverity(code: DiagnosticCode): 'error' | 'warning' {
  return DIAGNOSTIC_CODES[code][0]
}
