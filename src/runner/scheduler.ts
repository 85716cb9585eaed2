/**
 * The runner deployed with AWS's own parts, as a CloudFormation template: the bundle (`npm run
 * build:runner`, dist/runner/keyward-runner.zip) as a Lambda function running under the runner
 * role keyward created from the manifest, its log group, and an EventBridge Scheduler schedule
 * that invokes it with the environment's name, through a role that may invoke that one function.
 *
 * The template does not create the runner role: keyward does, so that `check` proves it and
 * `plan` shows any change to it. Intrinsic functions are written in their long form (`Ref`,
 * `Fn::Sub`, `Fn::GetAtt`), which any YAML or JSON writer can emit.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedule.html
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */

export const DEFAULT_SCHEDULE = 'rate(1 day)'

/**
 * A recurring schedule, `rate(…)` or `cron(…)`; a one-time `at(…)` would rotate once and never
 * again. https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export const SCHEDULE_EXPRESSION = /^(rate|cron)\(.+\)$/

/** Lambda's longest run: a rotation waits up to 5 minutes for IAM to accept each new key. */
const TIMEOUT_SECONDS = 900

export interface SchedulerInput {
  readonly project: string
  readonly environment: string
  /** The runner role's name in this environment; the function takes the same name. */
  readonly roleName: string
  /** Its path, `/` unless the entry says otherwise. */
  readonly rolePath: string
  readonly schedule: string
}

export type Template = Readonly<Record<string, unknown>>

/** The stack for one environment: its function, log group, schedule and the schedule's role. */
export function schedulerTemplate(input: SchedulerInput): Template {
  const functionName = input.roleName
  const about = `keyward rotate --due for ${input.project} ${input.environment}`
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Runs ${about} on a schedule. Rendered by keyward render runner; deploy it after keyward apply has created the runner role.`,
    Parameters: {
      CodeBucket: {
        Type: 'String',
        Description: 'S3 bucket holding the runner bundle (npm run build:runner).',
      },
      CodeKey: {
        Type: 'String',
        Default: 'keyward-runner.zip',
        Description: 'Key of the runner bundle in CodeBucket.',
      },
      RunnerRoleName: {
        Type: 'String',
        Default: input.roleName,
        Description: 'The runner role keyward apply created from the manifest.',
      },
      ScheduleExpression: {
        Type: 'String',
        Default: input.schedule,
        Description: 'When to run: rate(1 day), cron(17 3 * * ? *), …',
      },
    },
    Resources: {
      // Created here, so the function writes to it without permission to create log groups.
      RunnerLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: `/aws/lambda/${functionName}`, RetentionInDays: 90 },
      },
      RunnerFunction: {
        Type: 'AWS::Lambda::Function',
        DependsOn: 'RunnerLogGroup',
        Properties: {
          FunctionName: functionName,
          Description: `Runs ${about}.`,
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
          Role: {
            'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${input.rolePath}\${RunnerRoleName}`,
          },
          Timeout: TIMEOUT_SECONDS,
          MemorySize: 512,
          Environment: { Variables: { KEYWARD_ENV: input.environment } },
        },
      },
      SchedulerRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: `Lets EventBridge Scheduler invoke ${functionName}, and nothing else.`,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'scheduler.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'invoke-runner',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: 'lambda:InvokeFunction',
                    Resource: { 'Fn::GetAtt': ['RunnerFunction', 'Arn'] },
                  },
                ],
              },
            },
          ],
        },
      },
      RunnerSchedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          Name: functionName,
          Description: `Runs ${about}.`,
          ScheduleExpression: { Ref: 'ScheduleExpression' },
          // Any time within the window: runs of many environments need not start together.
          FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 30 },
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': ['RunnerFunction', 'Arn'] },
            RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
            Input: JSON.stringify({ env: input.environment }),
            // A run cut short is resumed by the next one: a few retries within the hour do.
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          },
        },
      },
    },
    Outputs: {
      FunctionArn: { Value: { 'Fn::GetAtt': ['RunnerFunction', 'Arn'] } },
      ScheduleArn: { Value: { 'Fn::GetAtt': ['RunnerSchedule', 'Arn'] } },
    },
  }
}
