/**
 * One environment's configuration as manifest entries. Every environment of a configuration is
 * mapped on its own (its variables may change what resources exist); `merge.ts` then checks the
 * entries agree and writes one manifest.
 */
import type { ImportProblem, TfConfig } from '../terraform/config.ts'
import type { TerraformRisk } from '../risks.ts'
import type { TemplateScope } from '../templates.ts'
import { Lookup, type MapContext } from './context.ts'
import { assignIds } from './ids.ts'
import {
  groupEntry,
  memberships,
  policyEntry,
  roleEntry,
  userEntry,
  type Entry,
} from './identities.ts'
import { linkKeys } from './keys.ts'
import { attributeReference } from './references.ts'

export interface EnvironmentInput {
  readonly name: string
  readonly config: TfConfig
  /** The manifest variable a root Terraform variable becomes (`env`, `region`, or its own name). */
  readonly variableName: (name: string) => string
  /** `--link SECRET=USER`: stores whose key the configuration cannot attribute. */
  readonly links: ReadonlyMap<string, string>
}

export interface EnvironmentImport {
  readonly name: string
  readonly identities: readonly Entry[]
  readonly policies: readonly Entry[]
  /** Manifest variables the templates use, with this environment's values. */
  readonly vars: ReadonlyMap<string, string>
  readonly problems: readonly ImportProblem[]
  readonly risks: readonly TerraformRisk[]
  /** Terraform addresses the manifest declares: the `terraform state rm` list. */
  readonly claimed: ReadonlySet<string>
}

const IDENTITY_TYPES = ['aws_iam_user', 'aws_iam_group', 'aws_iam_role']

export function mapEnvironment(input: EnvironmentInput): EnvironmentImport {
  const lookup = new Lookup(input.config)
  const vars = new Map<string, string>()
  const problems: ImportProblem[] = [...input.config.problems]
  const identities = IDENTITY_TYPES.flatMap((type) => lookup.ofType(type))
  const policies = lookup.ofType('aws_iam_policy')
  const scope: TemplateScope = {
    variable: (name, text) => {
      const manifestName = input.variableName(name)
      if (!BUILTIN_NAMES.has(manifestName)) vars.set(manifestName, text)
      return manifestName
    },
    attribute: (segment, use) => attributeReference(context, segment, use),
    report: (problem) => problems.push(problem),
  }
  const context: MapContext = {
    environment: input.name,
    config: input.config,
    lookup,
    identityIds: assignIds(identities),
    policyIds: assignIds(policies),
    storeOwners: new Map(),
    scope,
    problems,
    risks: [],
    claimed: new Set(),
  }
  // Stores first: statements naming a store's ARN need to know whose store it is.
  const keys = linkKeys(context, input.links)
  for (const module of input.config.modules)
    if (!module.followed && !context.claimed.has(module.address))
      problems.push({
        severity: 'warning',
        message: `${module.address} comes from ${module.source}, which keyward does not read: whatever IAM it creates is not imported.`,
        loc: module.loc,
        hint: 'Declare those identities in the manifest by hand (with `adopt: true`), or vendor the module into a local directory and import again.',
      })
  const groups = memberships(context)
  const userEntries = lookup
    .ofType('aws_iam_user')
    .map((user) => userEntry(context, user, keys.get(user.address), groups.get(user.address) ?? []))
  const entries = [
    ...userEntries,
    ...lookup.ofType('aws_iam_group').map((group) => groupEntry(context, group)),
    ...lookup.ofType('aws_iam_role').map((role) => roleEntry(context, role)),
  ]
  return {
    name: input.name,
    identities: entries,
    policies: policies.map((policy) => policyEntry(context, policy)),
    vars,
    problems,
    risks: context.risks,
    claimed: context.claimed,
  }
}

const BUILTIN_NAMES = new Set(['env', 'region', 'account', 'partition', 'project'])
