/**
 * Users, groups and roles. Creation that finds the resource already there checks it is the one
 * this plan meant (it carries the same ownership tags) — a retried CreateUser whose first answer
 * was lost — and anything else stops the run. A rename whose source is gone but whose target
 * exists was done by an earlier attempt.
 */
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListUserTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
  TagRoleCommand,
  TagUserCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateGroupCommand,
  UpdateRoleCommand,
  UpdateUserCommand,
  type GetGroupCommandOutput,
} from '@aws-sdk/client-iam'
import type { Tags } from '../model/account-state.ts'
import type { Step } from '../plan/steps.ts'
import { AwsError } from './errors.ts'
import { clearGrants } from './perform-grants.ts'
import type { AwsSession } from './session.ts'
import { created, sameOwner, tagList, tagsOf, type TagList } from './tags.ts'

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>

function notOurs(operation: string, what: string): AwsError {
  return new AwsError(
    operation,
    {
      code: 'EntityAlreadyExists',
      status: 409,
      kind: 'exists',
      message: `${what} appeared since the plan was made, and keyward did not create it.`,
    },
    'Run plan again to see it; add `adopt: true` to take it over.',
  )
}

export async function createUser(s: AwsSession, step: StepOf<'create-user'>): Promise<void> {
  const command = new CreateUserCommand({
    UserName: step.name,
    Path: step.path,
    Tags: tagList(step.tags),
  })
  if (await created(s.call(s.iam, command))) return
  const found = await s.call<{ User?: { Tags?: { Key?: string; Value?: string }[] } }>(
    s.iam,
    new GetUserCommand({ UserName: step.name }),
  )
  if (!sameOwner(found.User?.Tags, step.tags))
    throw notOurs('iam:CreateUser', `A user named ${step.name}`)
}

/**
 * UpdateUser keeps the user id and its keys. AWS keeps its tags too; some emulators drop them,
 * and with them keyward's record of the key — so tags missing after the rename are put back.
 */
export async function renameUser(s: AwsSession, step: StepOf<'rename-user'>): Promise<void> {
  const before = await s.find<{ Tags?: TagList }>(
    s.iam,
    new ListUserTagsCommand({ UserName: step.from }),
  )
  if (before === undefined) {
    // An earlier attempt renamed it already.
    await s.call(s.iam, new GetUserCommand({ UserName: step.to }))
    return
  }
  // Gone when a retry follows a rename whose answer was lost; the target then exists.
  const renamed = await s.find(
    s.iam,
    new UpdateUserCommand({ UserName: step.from, NewUserName: step.to, NewPath: step.path }),
  )
  if (renamed === undefined) await s.call(s.iam, new GetUserCommand({ UserName: step.to }))
  const after = await s.call<{ Tags?: TagList }>(
    s.iam,
    new ListUserTagsCommand({ UserName: step.to }),
  )
  const kept = new Set((after.Tags ?? []).map((t) => t.Key))
  const lost = (before.Tags ?? []).filter((t) => !kept.has(t.Key))
  if (lost.length > 0) {
    await tagUser(s, step.to, tagsOf(lost))
  }
}

export async function tagUser(s: AwsSession, user: string, tags: Tags): Promise<void> {
  await s.call(s.iam, new TagUserCommand({ UserName: user, Tags: tagList(tags) }))
}

export async function addToGroup(s: AwsSession, user: string, group: string): Promise<void> {
  await s.call(s.iam, new AddUserToGroupCommand({ UserName: user, GroupName: group }))
}

export async function removeFromGroup(s: AwsSession, user: string, group: string): Promise<void> {
  await s.find(s.iam, new RemoveUserFromGroupCommand({ UserName: user, GroupName: group }))
}

/** Everything IAM requires gone first: keys, login profile, groups, policies, boundary. */
export async function deleteUser(s: AwsSession, user: string): Promise<void> {
  const keys = await s.find<{ AccessKeyMetadata?: { AccessKeyId?: string }[] }>(
    s.iam,
    new ListAccessKeysCommand({ UserName: user }),
  )
  if (keys === undefined) return
  for (const k of keys.AccessKeyMetadata ?? [])
    await s.find(s.iam, new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: k.AccessKeyId }))
  await s.find(s.iam, new DeleteLoginProfileCommand({ UserName: user }))
  const groups = await s.call<{ Groups?: { GroupName?: string }[] }>(
    s.iam,
    new ListGroupsForUserCommand({ UserName: user }),
  )
  for (const g of groups.Groups ?? [])
    if (g.GroupName !== undefined) await removeFromGroup(s, user, g.GroupName)
  await clearGrants(s, 'user', user)
  await s.find(s.iam, new DeleteUserCommand({ UserName: user }))
}

export async function createGroup(s: AwsSession, step: StepOf<'create-group'>): Promise<void> {
  // Groups take no tags: the registry, written before this step, records the group as ours.
  await created(s.call(s.iam, new CreateGroupCommand({ GroupName: step.name, Path: step.path })))
}

export async function renameGroup(s: AwsSession, step: StepOf<'rename-group'>): Promise<void> {
  const done = await s.find(
    s.iam,
    new UpdateGroupCommand({ GroupName: step.from, NewGroupName: step.to, NewPath: step.path }),
  )
  if (done === undefined) await s.call(s.iam, new GetGroupCommand({ GroupName: step.to }))
}

export async function deleteGroup(s: AwsSession, group: string): Promise<void> {
  let marker: string | undefined
  do {
    const page = await s.find<GetGroupCommandOutput>(
      s.iam,
      new GetGroupCommand({
        GroupName: group,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    )
    if (page === undefined) return
    for (const u of page.Users ?? [])
      if (u.UserName !== undefined) await removeFromGroup(s, u.UserName, group)
    marker = page.IsTruncated === true ? page.Marker : undefined
  } while (marker !== undefined)
  await clearGrants(s, 'group', group)
  await s.find(s.iam, new DeleteGroupCommand({ GroupName: group }))
}

export async function createRole(s: AwsSession, step: StepOf<'create-role'>): Promise<void> {
  const command = new CreateRoleCommand({
    RoleName: step.name,
    Path: step.path,
    AssumeRolePolicyDocument: JSON.stringify(step.trust),
    MaxSessionDuration: step.maxSessionDuration,
    Tags: tagList(step.tags),
    ...(step.description === undefined ? {} : { Description: step.description }),
  })
  if (await created(s.call(s.iam, command))) return
  const found = await s.call<{ Role?: { Tags?: { Key?: string; Value?: string }[] } }>(
    s.iam,
    new GetRoleCommand({ RoleName: step.name }),
  )
  if (!sameOwner(found.Role?.Tags, step.tags))
    throw notOurs('iam:CreateRole', `A role named ${step.name}`)
  // The earlier attempt may have stopped short of these.
  await updateRole(s, {
    kind: 'update-role',
    role: step.name,
    maxSessionDuration: step.maxSessionDuration,
    ...(step.description === undefined ? {} : { description: step.description }),
  })
  await s.call(
    s.iam,
    new UpdateAssumeRolePolicyCommand({
      RoleName: step.name,
      PolicyDocument: JSON.stringify(step.trust),
    }),
  )
}

export async function updateRole(s: AwsSession, step: StepOf<'update-role'>): Promise<void> {
  await s.call(
    s.iam,
    new UpdateRoleCommand({
      RoleName: step.role,
      MaxSessionDuration: step.maxSessionDuration,
      Description: step.description ?? '',
    }),
  )
}

export async function tagRole(s: AwsSession, role: string, tags: Tags): Promise<void> {
  await s.call(s.iam, new TagRoleCommand({ RoleName: role, Tags: tagList(tags) }))
}

export async function deleteRole(s: AwsSession, role: string): Promise<void> {
  const profiles = await s.find<{ InstanceProfiles?: { InstanceProfileName?: string }[] }>(
    s.iam,
    new ListInstanceProfilesForRoleCommand({ RoleName: role }),
  )
  if (profiles === undefined) return
  for (const p of profiles.InstanceProfiles ?? []) {
    await s.find(
      s.iam,
      new RemoveRoleFromInstanceProfileCommand({
        RoleName: role,
        InstanceProfileName: p.InstanceProfileName,
      }),
    )
  }
  await clearGrants(s, 'role', role)
  await s.find(s.iam, new DeleteRoleCommand({ RoleName: role }))
}
