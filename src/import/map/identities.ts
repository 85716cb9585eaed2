/**
 * Users, groups, roles and customer managed policies as manifest entries, each with
 * `adopt: true`: apply takes over what Terraform created under the same names instead of
 * creating anything.
 */
import type { TfResource } from '../terraform/config.ts'
import { concreteText, type TfValue } from '../terraform/value.ts'
import { formatDuration } from '../../model/duration.ts'
import { optionalTemplate, tagsOf, template, type Draft, type MapContext } from './context.ts'
import { grantsOf } from './grants.ts'
import { itemsOf } from './lookup.ts'
import { keyDraft } from './key-draft.ts'
import type { UserKey } from './keys.ts'
import { policyContext, readPolicy, readTrust, statementFields } from './policy-documents.ts'

export interface Entry {
  readonly id: string
  readonly resource: TfResource
  readonly draft: Draft
}

function common(cx: MapContext, resource: TfResource, what: string): Draft {
  const name = resource.body.attributes.get('name')
  const path = resource.body.attributes.get('path')
  if (name === undefined) {
    const prefix = resource.body.attributes.get('name_prefix')
    cx.problems.push({
      severity: 'error',
      message: `${resource.address} has ${prefix === undefined ? 'no name' : 'a name_prefix'}: its name is chosen at apply time, and a manifest needs it.`,
      loc: prefix?.loc ?? resource.loc,
      hint: `Give it a fixed \`name\`, or its current one with \`--known ${resource.address}.name=NAME\`.`,
    })
  }
  const pathText = path === undefined ? undefined : concreteText(path.value)
  return {
    name: name === undefined ? undefined : template(cx, name.value, name.loc, `the ${what}'s name`),
    ...(path === undefined || pathText === '/'
      ? {}
      : { path: template(cx, path.value, path.loc, `the ${what}'s path`) }),
  }
}

export function userEntry(
  cx: MapContext,
  user: TfResource,
  key: UserKey | undefined,
  groups: readonly string[],
): Entry {
  cx.claimed.add(user.address)
  const draft: Draft = {
    type: 'user',
    ...common(cx, user, 'user'),
    adopt: true,
    ...grantsOf(cx, user, 'user'),
    ...(groups.length > 0 ? { groups: [...groups] } : {}),
    ...tagsOf(cx, user),
    ...(key === undefined ? {} : keyDraft(cx, key)),
  }
  return { id: cx.identityIds.get(user.address) ?? user.name, resource: user, draft }
}

export function groupEntry(cx: MapContext, group: TfResource): Entry {
  cx.claimed.add(group.address)
  const draft: Draft = {
    type: 'group',
    ...common(cx, group, 'group'),
    adopt: true,
    ...grantsOf(cx, group, 'group'),
  }
  return { id: cx.identityIds.get(group.address) ?? group.name, resource: group, draft }
}

export function roleEntry(cx: MapContext, role: TfResource): Entry {
  cx.claimed.add(role.address)
  const trustArg = role.body.attributes.get('assume_role_policy')
  const trust =
    trustArg === undefined ? undefined : readTrust(trustArg.value, trustArg.loc, policyContext(cx))
  const session = role.body.attributes.get('max_session_duration')
  const seconds = session?.value.kind === 'number' ? session.value.value : undefined
  const draft: Draft = {
    type: 'role',
    ...common(cx, role, 'role'),
    adopt: true,
    ...optionalTemplate(cx, role, 'description', 'description', 'the description'),
    trust,
    ...(seconds === undefined || seconds === 3600
      ? {}
      : { maxSessionDuration: formatDuration(seconds) }),
    ...grantsOf(cx, role, 'role'),
    ...tagsOf(cx, role),
  }
  return { id: cx.identityIds.get(role.address) ?? role.name, resource: role, draft }
}

export function policyEntry(cx: MapContext, policy: TfResource): Entry {
  cx.claimed.add(policy.address)
  const document = policy.body.attributes.get('policy')
  const statements =
    document === undefined ? undefined : readPolicy(document.value, document.loc, policyContext(cx))
  const draft: Draft = {
    ...common(cx, policy, 'policy'),
    adopt: true,
    ...optionalTemplate(cx, policy, 'description', 'description', 'the description'),
    ...tagsOf(cx, policy),
    ...(statements === undefined ? {} : statementFields(statements)),
  }
  return { id: cx.policyIds.get(policy.address) ?? policy.name, resource: policy, draft }
}

/** Group ids per user address, from both membership resources. */
export function memberships(cx: MapContext): Map<string, string[]> {
  const groupsOf = new Map<string, string[]>()
  const join = (user: TfResource | undefined, group: TfResource | undefined) => {
    if (user === undefined || group === undefined) return
    const id = cx.identityIds.get(group.address)
    if (id === undefined) return
    const list = groupsOf.get(user.address) ?? []
    if (!list.includes(id)) list.push(id)
    groupsOf.set(user.address, list)
  }
  for (const membership of cx.lookup.ofType('aws_iam_group_membership')) {
    cx.claimed.add(membership.address)
    const group = target(cx, membership.body.attributes.get('group')?.value, 'aws_iam_group')
    for (const user of itemsOf(membership.body.attributes.get('users')?.value))
      join(target(cx, user, 'aws_iam_user'), group)
  }
  for (const membership of cx.lookup.ofType('aws_iam_user_group_membership')) {
    cx.claimed.add(membership.address)
    const user = target(cx, membership.body.attributes.get('user')?.value, 'aws_iam_user')
    for (const group of itemsOf(membership.body.attributes.get('groups')?.value))
      join(user, target(cx, group, 'aws_iam_group'))
  }
  return groupsOf
}

function target(cx: MapContext, value: TfValue | undefined, type: string): TfResource | undefined {
  return cx.lookup.target(value, [type])
}
