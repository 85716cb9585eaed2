/**
 * An identity's permissions as Terraform spreads them: inline policies in their own resources
 * (`aws_iam_user_policy`, …) or in `inline_policy` blocks, managed policies attached by
 * `*_policy_attachment` resources or `managed_policy_arns`, and a permissions boundary. The
 * manifest gives an identity one inline policy; several are merged, and said so.
 */
import type { DraftStatement } from '../draft.ts'
import type { TfResource } from '../terraform/config.ts'
import type { Loc, TfValue } from '../terraform/value.ts'
import { concreteText } from '../terraform/value.ts'
import { policyContext, readPolicy, statementFields } from './policy-documents.ts'
import { template, type Draft, type MapContext } from './context.ts'
import { itemsOf } from './lookup.ts'

export type IdentityKind = 'user' | 'group' | 'role'

const INLINE: Readonly<Record<IdentityKind, string>> = {
  user: 'aws_iam_user_policy',
  group: 'aws_iam_group_policy',
  role: 'aws_iam_role_policy',
}

interface Inline {
  readonly address?: string
  readonly name?: TfValue
  readonly policy: TfValue
  readonly loc: Loc
}

export function grantsOf(cx: MapContext, identity: TfResource, kind: IdentityKind): Draft {
  const type = `aws_iam_${kind}`
  const inline: Inline[] = []
  for (const policy of cx.lookup.ofType(INLINE[kind])) {
    if (cx.lookup.target(policy.body.attributes.get(kind)?.value, [type]) !== identity) continue
    const document = policy.body.attributes.get('policy')
    if (document === undefined) continue
    cx.claimed.add(policy.address)
    const name = policy.body.attributes.get('name')?.value
    inline.push({
      address: policy.address,
      ...(name === undefined ? {} : { name }),
      policy: document.value,
      loc: document.loc,
    })
  }
  for (const block of identity.body.blocks.filter((b) => b.type === 'inline_policy')) {
    const document = block.body.attributes.get('policy')
    const name = block.body.attributes.get('name')?.value
    if (document !== undefined)
      inline.push({
        ...(name === undefined ? {} : { name }),
        policy: document.value,
        loc: block.loc,
      })
  }
  return {
    ...inlineDraft(cx, identity, inline),
    ...managedDraft(cx, identity, kind),
    ...boundaryDraft(cx, identity),
  }
}

function inlineDraft(cx: MapContext, identity: TfResource, inline: readonly Inline[]): Draft {
  const [first] = inline
  if (first === undefined) return {}
  if (inline.length > 1)
    cx.problems.push({
      severity: 'warning',
      message: `${identity.address} has ${inline.length} inline policies; the manifest gives an identity one, so they are merged into one named after the first. apply replaces the others with it.`,
      loc: first.loc,
    })
  const allow: DraftStatement[] = []
  const deny: DraftStatement[] = []
  const context = policyContext(cx)
  for (const policy of inline) {
    const statements = readPolicy(policy.policy, policy.loc, context)
    if (statements === undefined) continue
    allow.push(...statements.allow)
    deny.push(...statements.deny)
  }
  const name = first.name === undefined ? undefined : concreteText(first.name)
  if (first.name === undefined || name === undefined)
    cx.problems.push({
      severity: 'warning',
      message: `${first.address ?? identity.address}'s inline policy has a name Terraform generates; keyward names it \`keyward\` and apply replaces the generated one with it.`,
      loc: first.loc,
      hint: 'Give the policy a `name` in Terraform before importing to keep it.',
    })
  const policyName =
    first.name === undefined ? undefined : template(cx, first.name, first.loc, 'the policy name')
  return {
    ...(policyName === undefined || name === undefined ? {} : { policyName }),
    ...statementFields({ allow, deny }),
  }
}

const ATTACHMENTS: Readonly<Record<IdentityKind, string>> = {
  user: 'aws_iam_user_policy_attachment',
  group: 'aws_iam_group_policy_attachment',
  role: 'aws_iam_role_policy_attachment',
}

function managedDraft(cx: MapContext, identity: TfResource, kind: IdentityKind): Draft {
  const type = `aws_iam_${kind}`
  const attached: string[] = []
  const add = (value: TfValue | undefined, loc: Loc) => {
    const reference = policyReference(cx, value, loc)
    if (reference !== undefined && !attached.includes(reference)) attached.push(reference)
  }
  for (const attachment of cx.lookup.ofType(ATTACHMENTS[kind])) {
    if (cx.lookup.target(attachment.body.attributes.get(kind)?.value, [type]) !== identity) continue
    cx.claimed.add(attachment.address)
    const arn = attachment.body.attributes.get('policy_arn')
    add(arn?.value, arn?.loc ?? attachment.loc)
  }
  for (const attachment of cx.lookup.ofType('aws_iam_policy_attachment')) {
    const members = itemsOf(attachment.body.attributes.get(`${kind}s`)?.value)
    if (!members.some((m) => cx.lookup.target(m, [type]) === identity)) continue
    cx.claimed.add(attachment.address)
    cx.problems.push({
      severity: 'warning',
      message: `${attachment.address} is an exclusive attachment: Terraform detaches the policy from anyone it does not list. keyward attaches per identity; remove it from Terraform together with the rest.`,
      loc: attachment.loc,
    })
    const arn = attachment.body.attributes.get('policy_arn')
    add(arn?.value, arn?.loc ?? attachment.loc)
  }
  const arns = identity.body.attributes.get('managed_policy_arns')
  for (const arn of itemsOf(arns?.value)) add(arn, arns?.loc ?? identity.loc)
  return attached.length > 0 ? { managedPolicies: attached } : {}
}

function boundaryDraft(cx: MapContext, identity: TfResource): Draft {
  const boundary = identity.body.attributes.get('permissions_boundary')
  if (boundary === undefined) return {}
  const reference = policyReference(cx, boundary.value, boundary.loc)
  return reference === undefined ? {} : { permissionsBoundary: reference }
}

/** A managed policy of the configuration by its logical id; any other by its ARN. */
function policyReference(cx: MapContext, value: TfValue | undefined, loc: Loc): string | undefined {
  const policy = cx.lookup.target(value, ['aws_iam_policy'])
  const id = policy === undefined ? undefined : cx.policyIds.get(policy.address)
  if (id !== undefined) return id
  return template(cx, value, loc, 'a managed policy ARN')
}
