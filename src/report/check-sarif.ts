/**
 * `keyward check` as SARIF 2.1.0, the OASIS format for static-analysis results
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). Why SARIF: GitHub code
 * scanning, and most other places that collect findings from analysers (IDE viewers, Azure DevOps,
 * DefectDojo and the like), read it as it is, so a `keyward check` in CI shows its findings as
 * alerts on the manifest lines that cause them, without anyone writing a converter.
 *
 * What the mapping keeps:
 * - every rule keyward has, in the stable order of its ids, so a result can refer to its rule both
 *   by `ruleId` and by `ruleIndex`;
 * - a result's first location is where to look, the others are `relatedLocations`, each labelled
 *   with what is there (the `never`, the granting statement);
 * - `partialFingerprints['keyward/v1']` is the finding's own fingerprint (rule, environment,
 *   identity, subject), so a consumer matches alerts across runs by what keyward found rather
 *   than by hashing the text around a line;
 * - `properties['security-severity']` carries keyward's severity as the number GitHub ranks
 *   security alerts by, on the rule (its usual severity) and on the result (this finding's).
 *
 * The output depends only on the {@link CheckResult} and the version given: no clock, no machine.
 */
import type {
  Assumer,
  CheckResult,
  Finding,
  FindingRule,
  Located,
  Severity,
} from '../analyze/check-result.ts'
import { RULE_IDS } from '../analyze/findings.ts'
import { locationText } from '../model/resolved.ts'

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

/** The key under which a result's fingerprint goes; a new key if the fingerprint ever changes. */
export const FINGERPRINT_KEY = 'keyward/v1'

const INFORMATION_URI = 'https://keyward.dev'
const RULE_DOCS = 'https://keyward.dev/docs/check'

export type SarifLevel = 'error' | 'warning' | 'note'

/** How a finding's severity reads in SARIF: an error fails a gate, a note only informs. */
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

/**
 * The CVSS-like score GitHub code scanning ranks security alerts by (above 9 critical, from 7
 * high, from 4 medium, below that low). A string, as GitHub reads it.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
}

interface RuleText {
  /** The severity the rule's findings usually have; a finding may be milder when it is scoped. */
  readonly severity: Severity
  readonly short: string
  readonly full: string
}

const RULES: Readonly<Record<FindingRule, RuleText>> = {
  'never-violated': {
    severity: 'critical',
    short: 'An identity can do something its manifest says it must never do.',
    full: 'The manifest declares a never assertion for this identity, and its effective policies allow at least one request that the assertion forbids, so the assertion is proven false.',
  },
  'privilege-escalation': {
    severity: 'high',
    short: 'An identity holds a known path to more privileges than it was given.',
    full: 'The identity can take the steps of a known IAM privilege-escalation path, such as creating a key for another user or attaching a policy to itself, and so can reach privileges beyond its own policies.',
  },
  'credentials-exposure': {
    severity: 'high',
    short: 'An identity can obtain credentials: keys, tokens or passwords.',
    full: 'The identity is allowed actions that hand out credentials for what they reach, so one leaked key of it can be turned into further keys; the finding is milder when those actions are scoped to named resources.',
  },
  'data-exfiltration': {
    severity: 'medium',
    short: 'An identity can read data out of the account on any resource.',
    full: 'The identity is allowed actions that return stored contents (objects, secret values, parameters) on every resource of their type, rather than on the resources it needs.',
  },
  'permissions-management': {
    severity: 'high',
    short: 'An identity can change who has access to resources.',
    full: 'The identity is allowed permissions-management actions, which rewrite access itself (an object ACL can make data public, a resource policy can grant anyone anything); the finding is milder when they are scoped to named resources.',
  },
  'wildcard-action': {
    severity: 'medium',
    short: 'A policy statement grants actions by wildcard or NotAction.',
    full: 'A wildcard or a NotAction in an Allow statement grants every matching action, including ones AWS adds later, where a list of named actions would grant only what the identity uses.',
  },
  'wildcard-resource': {
    severity: 'medium',
    short: 'A policy statement applies to every resource.',
    full: 'An Allow statement with actions that take resources uses "Resource": "*", which also reaches resources of other teams and environments, where named ARNs would reach only the intended ones.',
  },
  'cross-environment': {
    severity: 'high',
    short: 'An identity of one environment reaches resources of another.',
    full: 'The identity is allowed actions on resources that another environment of the same manifest declares, so a key of one environment could touch the other; environment-specific names in the resources keep them apart.',
  },
  'could-be-role': {
    severity: 'info',
    short: 'A user with a long-lived key could be a role instead.',
    full: 'The identity is a user whose key is only read by Kubernetes workloads; a role assumed through the cluster’s OIDC issuer would need no long-lived key, no secret store and no rotation.',
  },
  'policy-not-weighed': {
    severity: 'info',
    short: 'An attached policy could not be read, so the proofs leave it out.',
    full: 'A managed policy is attached that the manifest does not declare (an AWS managed policy, or one from another stack), so the never assertions of this identity are reported as unproven rather than proven.',
  },
  'trust-any-subject': {
    severity: 'critical',
    short:
      'An OIDC trust does not pin the token subject: any workload of the issuer can assume the role.',
    full: 'The role trusts an OIDC provider without a condition on its `sub` key, so a token for any subject the issuer signs (every service account of the cluster, every repository on GitHub) can assume it; keyward’s evaluator allows a token for a subject nothing declares.',
  },
  'trust-any-audience': {
    severity: 'high',
    short: 'An OIDC trust does not pin the token audience.',
    full: 'The role trusts an OIDC provider without a condition on its `aud` key, so a token the issuer minted for another application can assume it; keyward’s evaluator allows a token for an audience nothing declares.',
  },
  'trust-broad-subject': {
    severity: 'high',
    short: 'An OIDC trust admits subjects beyond one namespace.',
    full: 'The subject patterns of the trust match service accounts of namespaces it does not name, so whoever can create a namespace or service account with a fitting name can assume the role.',
  },
  'trust-namespace-subject': {
    severity: 'medium',
    short: 'An OIDC trust admits every service account of a namespace.',
    full: 'A subject pattern ends in a wildcard after the namespace, so any service account of that namespace, including one created later, can assume the role rather than the ones it was made for.',
  },
  'trust-anyone': {
    severity: 'critical',
    short: 'Any principal of any AWS account can assume the role.',
    full: 'The trust policy has Principal `*` and no condition that narrows who the caller is (its organization, account or ARN), so a principal of an account the trust never names is allowed.',
  },
  'trust-cross-account': {
    severity: 'medium',
    short:
      'Another account as a whole can assume the role, without an external id or organization condition.',
    full: 'The trust names another account’s root, so whichever of its principals that account allows can assume the role, and a third party serving several customers can be made a confused deputy; naming the role, or requiring sts:ExternalId or aws:PrincipalOrgID, narrows it.',
  },
  'secret-in-state': {
    severity: 'critical',
    short: 'An access key’s secret sits in plain text in Terraform state.',
    full: 'Terraform stores the secret of an aws_iam_access_key created without pgp_key, and every value copied from it (a secret version, a parameter, an output), in its state, so whoever reads the state backend holds the key. keyward mints keys straight into their store instead.',
  },
  'secret-in-config': {
    severity: 'critical',
    short: 'AWS credentials are written in the Terraform configuration.',
    full: 'An access key id, and a secret or a placeholder overwritten by hand, are written in a .tf or .tfvars file and copied into state; they end up in version control and in every plan. keyward mints the key into the store so that nobody types it.',
  },
  'plaintext-parameter': {
    severity: 'high',
    short: 'An access key is kept in an SSM parameter that is not a SecureString.',
    full: 'A String parameter is readable by anyone allowed ssm:GetParameter, with no kms:Decrypt needed, and shows in the console. keyward writes key stores as SecureString.',
  },
  'key-not-rotated': {
    severity: 'medium',
    short: 'An access key created by Terraform is never rotated.',
    full: 'Terraform creates an access key once; replacing it means tainting the resource, with a window in which consumers hold a deleted key. Adopted by keyward, the key is rotated on a schedule with a verified hand-over.',
  },
  'key-too-old': {
    severity: 'medium',
    short: 'An active access key is older than 90 days.',
    full: 'CIS AWS Foundations asks for access keys to be rotated every 90 days or less: the longer a key lives, the longer a copy of it taken anywhere keeps working. A key a rotation is retiring is not reported.',
  },
  'key-unused': {
    severity: 'medium',
    short: 'An active access key has not been used for 45 days or more.',
    full: 'CIS AWS Foundations asks for credentials unused for 45 days or more to be disabled: a key nobody signs with is forgotten, or held by a consumer that no longer needs it, and only waits to leak.',
  },
  'two-active-keys': {
    severity: 'medium',
    short: 'A user has two active access keys and no rotation explains it.',
    full: 'IAM allows two keys per user so that a rotation can hand over without downtime. Outside a rotation, a second active key doubles what a leak exposes and is usually one nobody remembers.',
  },
  'unmanaged-key': {
    severity: 'medium',
    short: 'An access key keyward did not make: nothing rotates or audits it.',
    full: 'The key was created outside keyward, on a user keyward manages or on one it does not manage at all. No store holds it for keyward and no rotation will retire it; adopt it or delete it.',
  },
}

/** Rules in the order of their ids; a result's `ruleIndex` points into this. */
const RULE_ORDER: readonly (readonly [FindingRule, string])[] = (
  Object.entries(RULE_IDS) as [FindingRule, string][]
).sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))

export interface SarifMessage {
  readonly text: string
}

export interface SarifArtifactLocation {
  readonly uri: string
  readonly uriBaseId?: string
}

export interface SarifLocation {
  readonly id?: number
  /** In the manifest; absent for what only the account holds (`check --account`). */
  readonly physicalLocation?: {
    readonly artifactLocation: SarifArtifactLocation
    readonly region: { readonly startLine: number; readonly startColumn?: number }
  }
  /** An IAM resource by its ARN, for a finding on a policy no file holds. */
  readonly logicalLocations?: readonly {
    readonly fullyQualifiedName: string
    readonly kind: 'resource'
  }[]
  readonly message?: SarifMessage
}

export interface SarifRule {
  readonly id: string
  readonly name: string
  readonly shortDescription: SarifMessage
  readonly fullDescription: SarifMessage
  readonly helpUri: string
  readonly defaultConfiguration: { readonly level: SarifLevel }
  readonly properties: {
    readonly tags: readonly string[]
    readonly 'security-severity': string
  }
}

export interface SarifResult {
  readonly ruleId: string
  readonly ruleIndex: number
  readonly level: SarifLevel
  readonly message: SarifMessage
  readonly locations: readonly SarifLocation[]
  readonly relatedLocations?: readonly SarifLocation[]
  readonly partialFingerprints: Readonly<Record<string, string>>
  readonly properties: {
    readonly severity: Severity
    readonly environment: string
    readonly identity: string
    readonly actions: readonly string[]
    readonly resources: readonly string[]
    readonly link?: string
    readonly 'security-severity': string
  }
}

export interface SarifLog {
  readonly $schema: string
  readonly version: '2.1.0'
  readonly runs: readonly [
    {
      readonly tool: {
        readonly driver: {
          readonly name: 'keyward'
          readonly version: string
          readonly informationUri: string
          readonly rules: readonly SarifRule[]
        }
      }
      readonly columnKind: 'utf16CodeUnits'
      readonly results: readonly SarifResult[]
      readonly properties: {
        readonly project: string
        readonly manifest: string
        readonly iamDataVersion: string
        /** Who can assume each role, per environment: the check's "who can assume" section. */
        readonly assumers: readonly SarifAssumers[]
      }
    },
  ]
}

/** One role's assumers, as the check found them (without the evaluator's probes). */
export interface SarifAssumers {
  readonly environment: string
  readonly identity: string
  readonly role: string
  readonly assumers: readonly (Omit<Assumer, 'at' | 'probes'> & { readonly location: string })[]
}

export function checkToSarif(result: CheckResult, options: { readonly version: string }): SarifLog {
  const index = new Map(RULE_ORDER.map(([rule], i) => [rule, i]))
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyward',
            version: options.version,
            informationUri: INFORMATION_URI,
            rules: RULE_ORDER.map(([rule, id]) => sarifRule(rule, id)),
          },
        },
        // The manifest's columns come from JavaScript string offsets.
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => sarifResult(result, f, index.get(f.rule) ?? -1)),
        properties: {
          project: result.project,
          manifest: result.file,
          iamDataVersion: result.dataVersion,
          assumers: assumersOf(result),
        },
      },
    ],
  }
}

function assumersOf(result: CheckResult): SarifAssumers[] {
  return result.environments.flatMap((env) =>
    env.identities.flatMap((identity) =>
      identity.assumers === undefined
        ? []
        : [
            {
              environment: env.name,
              identity: identity.id,
              role: identity.arn,
              assumers: identity.assumers.map((a) => ({
                kind: a.kind,
                principal: a.principal,
                actions: a.actions,
                subjects: a.subjects,
                audiences: a.audiences,
                conditions: a.conditions,
                verdict: a.verdict,
                location: locationText(a.at.location),
              })),
            },
          ],
    ),
  )
}

function sarifRule(rule: FindingRule, id: string): SarifRule {
  const text = RULES[rule]
  return {
    id,
    name: rule,
    shortDescription: { text: text.short },
    fullDescription: { text: text.full },
    helpUri: `${RULE_DOCS}#${id}`,
    defaultConfiguration: { level: SARIF_LEVEL[text.severity] },
    properties: {
      tags: ['security', 'iam'],
      'security-severity': SECURITY_SEVERITY[text.severity],
    },
  }
}

function sarifResult(check: CheckResult, f: Finding, ruleIndex: number): SarifResult {
  const [first, ...rest] = f.locations
  const primary: SarifLocation =
    first === undefined
      ? { physicalLocation: physical(check.file, 1) }
      : { ...place(first), message: { text: first.what } }
  const seen = new Set(first === undefined ? [] : [key(first)])
  const related: SarifLocation[] = []
  for (const at of rest) {
    if (seen.has(key(at))) continue
    seen.add(key(at))
    related.push({
      id: related.length + 1,
      ...place(at),
      message: { text: at.what },
    })
  }
  return {
    ruleId: f.id,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: messageText(f) },
    locations: [primary],
    ...(related.length === 0 ? {} : { relatedLocations: related }),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      severity: f.severity,
      environment: f.environment,
      identity: f.identity,
      actions: f.actions,
      resources: f.resources,
      ...(f.link === undefined ? {} : { link: f.link }),
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  }
}

/**
 * Title, then detail. One manifest line usually serves every environment, so two results can
 * share a line: the text names whose finding it is.
 */
function messageText(f: Finding): string {
  const title = /[.!?]$/.test(f.title) ? f.title : `${f.title}.`
  const link = f.link === undefined ? '' : `\n${f.link}`
  return `${f.environment}/${f.identity}: ${title}\n${f.detail}${link}`
}

function key(at: Located): string {
  return `${at.location.file}\u0000${at.location.line}\u0000${at.location.column}`
}

/** A manifest line, or — line 0 — a resource in the account, named by its ARN. */
function place(at: Located): Pick<SarifLocation, 'physicalLocation' | 'logicalLocations'> {
  const { file, line, column } = at.location
  if (line === 0) return { logicalLocations: [{ fullyQualifiedName: file, kind: 'resource' }] }
  return { physicalLocation: physical(file, line, column) }
}

function physical(
  file: string,
  line: number,
  column?: number,
): NonNullable<SarifLocation['physicalLocation']> {
  return {
    artifactLocation: artifactLocation(file),
    region: column === undefined ? { startLine: line } : { startLine: line, startColumn: column },
  }
}

/**
 * A relative path stays relative, against `%SRCROOT%` (the checkout, for GitHub); an absolute one
 * becomes a `file:` URI. Either way each segment is percent-encoded, so a space or `#` in a name
 * still makes a valid URI reference.
 */
export function artifactLocation(file: string): SarifArtifactLocation {
  const slashed = file.replaceAll('\\', '/')
  const drive = /^[A-Za-z]:\//.test(slashed)
  if (drive || slashed.startsWith('/')) {
    const segments = slashed.split('/').map((s, i) => (drive && i === 0 ? s : encode(s)))
    return { uri: `file://${drive ? '/' : ''}${segments.join('/')}` }
  }
  const relative = slashed.replace(/^(\.\/)+/, '')
  return { uri: relative.split('/').map(encode).join('/'), uriBaseId: '%SRCROOT%' }
}

/** Percent-encodes one path segment; `:` too, so a first segment never reads as a scheme. */
function encode(segment: string): string {
  return encodeURIComponent(segment)
}
