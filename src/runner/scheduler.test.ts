/**
 * The Scheduler deployment as CloudFormation would read it: each resource carries the properties
 * its type requires (from the CloudFormation template reference), every Ref, GetAtt and Sub names
 * something the template declares, and the function is the bundle's handler under the runner role.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse, stringify } from 'yaml'
import { schedulerTemplate, type Template } from './scheduler.ts'

/**
 * Required properties, and the attributes GetAtt may read, per resource type:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedule.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
 */
const TYPES: Record<string, { required: string[][]; attributes: string[] }> = {
  'AWS::Lambda::Function': {
    // Handler and Runtime are required for a .zip package.
    required: [['Code', 'S3Bucket'], ['Code', 'S3Key'], ['Role'], ['Handler'], ['Runtime']],
    attributes: ['Arn'],
  },
  'AWS::Scheduler::Schedule': {
    required: [
      ['FlexibleTimeWindow', 'Mode'],
      ['ScheduleExpression'],
      ['Target', 'Arn'],
      ['Target', 'RoleArn'],
    ],
    attributes: ['Arn'],
  },
  'AWS::IAM::Role': { required: [['AssumeRolePolicyDocument']], attributes: ['Arn', 'RoleId'] },
  'AWS::Logs::LogGroup': { required: [], attributes: ['Arn'] },
}

const PSEUDO = ['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackName']

const INPUT = {
  project: 'tomoda',
  environment: 'dev',
  roleName: 'tomoda-keyward-runner-dev',
  rolePath: '/',
  schedule: 'rate(1 day)',
}

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string }

function parts(t: Template) {
  return {
    parameters: t['Parameters'] as Record<string, { Default?: string }>,
    resources: t['Resources'] as Record<string, Resource>,
  }
}

function dig(value: unknown, path: readonly string[]): unknown {
  let at = value
  for (const key of path) at = (at as Record<string, unknown> | undefined)?.[key]
  return at
}

/** Every name a Ref, GetAtt or Sub uses, with what it must be: a parameter, resource or attribute. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out)
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref') out.push(String(v))
      else if (key === 'Fn::GetAtt') out.push((v as string[]).join('.'))
      else if (key === 'Fn::Sub') {
        for (const m of String(v).matchAll(/\$\{([^}!]+)\}/g)) out.push(m[1] ?? '')
      } else references(v, out)
    }
  }
  return out
}

test('every resource has the properties its type requires', () => {
  const { resources } = parts(schedulerTemplate(INPUT))
  assert.deepEqual(Object.keys(resources).sort(), [
    'RunnerFunction',
    'RunnerLogGroup',
    'RunnerSchedule',
    'SchedulerRole',
  ])
  for (const [name, resource] of Object.entries(resources)) {
    const type = TYPES[resource.Type]
    assert.ok(type, `${name}: unexpected type ${resource.Type}`)
    for (const path of type.required)
      assert.notEqual(dig(resource.Properties, path), undefined, `${name}: ${path.join('.')}`)
  }
})

test('every reference resolves within the template', () => {
  const template = schedulerTemplate(INPUT)
  const { parameters, resources } = parts(template)
  const names = references(template)
  assert.ok(names.length >= 8, names.join(', '))
  for (const name of names) {
    const [logical = '', attribute] = name.split('.')
    if (attribute === undefined) {
      assert.ok(
        logical in parameters || logical in resources || PSEUDO.includes(logical),
        `${name} is neither a parameter, a resource nor a pseudo parameter`,
      )
    } else {
      const type = resources[logical]?.Type ?? ''
      assert.ok(TYPES[type]?.attributes.includes(attribute), `${name}: no such attribute`)
    }
  }
  for (const resource of Object.values(resources))
    if (resource.DependsOn !== undefined) assert.ok(resource.DependsOn in resources)
})

test('the function is the runner bundle, under the runner role, with time to verify a key', () => {
  const { parameters, resources } = parts(
    schedulerTemplate({ ...INPUT, roleName: 'shop-rotator-prod', rolePath: '/keyward/' }),
  )
  const fn = resources['RunnerFunction']?.Properties ?? {}
  assert.equal(fn['Handler'], 'index.handler')
  assert.equal(fn['Runtime'], 'nodejs22.x')
  assert.equal(fn['Timeout'], 900)
  assert.equal(fn['FunctionName'], 'shop-rotator-prod')
  assert.deepEqual(dig(fn, ['Environment', 'Variables']), { KEYWARD_ENV: 'dev' })
  assert.deepEqual(fn['Role'], {
    'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/keyward/${RunnerRoleName}',
  })
  assert.equal(parameters['RunnerRoleName']?.Default, 'shop-rotator-prod')
  // its log group is the one the runner role may write to
  assert.equal(
    dig(resources['RunnerLogGroup'], ['Properties', 'LogGroupName']),
    '/aws/lambda/shop-rotator-prod',
  )
})

test('the schedule invokes that function only, with the environment, and retries', () => {
  const template = schedulerTemplate({ ...INPUT, schedule: 'cron(17 3 * * ? *)' })
  const { parameters, resources } = parts(template)
  const schedule = resources['RunnerSchedule']?.Properties ?? {}
  assert.deepEqual(schedule['ScheduleExpression'], { Ref: 'ScheduleExpression' })
  assert.equal(parameters['ScheduleExpression']?.Default, 'cron(17 3 * * ? *)')
  assert.deepEqual(JSON.parse(String(dig(schedule, ['Target', 'Input']))), { env: 'dev' })
  assert.ok(Number(dig(schedule, ['Target', 'RetryPolicy', 'MaximumRetryAttempts'])) > 0)
  const role = resources['SchedulerRole']?.Properties ?? {}
  assert.deepEqual(dig(role, ['AssumeRolePolicyDocument', 'Statement']), [
    {
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    },
  ])
  const policies = role['Policies'] as { PolicyDocument: { Statement: unknown[] } }[]
  assert.deepEqual(
    policies.flatMap((p) => p.PolicyDocument.Statement),
    [
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': ['RunnerFunction', 'Arn'] },
      },
    ],
  )
})

test('written as YAML 1.1, as CloudFormation reads it, the template reads back the same', () => {
  const template = schedulerTemplate(INPUT)
  const text = stringify(template, { version: '1.1' })
  assert.match(text, /^AWSTemplateFormatVersion: "2010-09-09"$/m)
  assert.deepEqual(parse(text, { version: '1.1' }), template)
})
