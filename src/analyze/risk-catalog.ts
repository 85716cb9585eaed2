/**
 * What makes a grant dangerous, written down as data for `keyward check`. A policy can look modest
 * and still hand over the account: some actions let their holder rewrite their own permissions,
 * borrow a more powerful role through a service, or mint credentials for someone else. Others
 * return secrets or data in their answer, so whoever holds them can read out what the identity was
 * only meant to use. The analyzer compares an identity's effective grants with these lists; this
 * module only states the facts, with a public write-up for each path, and does no matching itself.
 *
 * Escalation paths come from Rhino Security Labs' original catalogue of IAM escalation methods
 * and DataDog's pathfinding.cloud, which extends it to many more services. A path that is a strict
 * superset of another one here (pathfinding.cloud lists `iam:AttachRolePolicy + sts:AssumeRole`
 * next to `iam:AttachRolePolicy`, for instance) is left out: whenever it applies, the smaller path
 * already does, and a second finding would say nothing new.
 *
 * Every action name is spelled as AWS publishes it; the test checks each one against the IAM
 * catalog, so a rename upstream fails loudly instead of silently never matching.
 * https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
 * https://pathfinding.cloud
 */

/** How a required action must reach its resource for the path to work. */
export type Reach =
  /** Any resource the action applies to (e.g. lambda:CreateFunction). */
  | 'any'
  /** An IAM principal or policy other than the identity itself: a path through the identity's own user (CreateAccessKey on itself) gains nothing. */
  | 'other'

export interface PathStep {
  readonly action: string
  readonly reach: Reach
}

export interface EscalationPath {
  /** Stable kebab-case id, never reused: reports and suppressions refer to it. */
  readonly id: string
  readonly name: string
  /** Every one of these must be allowed for the path to exist. AWS spelling: 'iam:CreatePolicyVersion'. */
  readonly steps: readonly PathStep[]
  /** One sentence, in our own words: what an attacker holding these does. */
  readonly how: string
  /** A public write-up of the path: its pathfinding.cloud page where one exists, else Rhino Security Labs' article. */
  readonly link: string
}

const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/'
const pathfinding = (id: string): string => `https://pathfinding.cloud/paths/${id}`

const any = (action: string): PathStep => ({ action, reach: 'any' })
const other = (action: string): PathStep => ({ action, reach: 'other' })

/**
 * Passing the identity's own role to a service gives the service nothing the identity did not
 * already hold (and a user cannot be passed at all), so PassRole only matters for other roles.
 */
const PASS_ROLE = other('iam:PassRole')

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  // IAM: rewriting permissions directly. Attaching or writing a policy, or joining a group, is an
  // escalation when aimed at the identity itself, so those steps reach 'any'.
  {
    id: 'iam-create-policy-version',
    name: 'New version of a managed policy',
    steps: [any('iam:CreatePolicyVersion')],
    how: 'Publishes a new default version of a customer managed policy attached to the identity (or to anyone it can act as) that allows everything.',
    link: pathfinding('iam-001'),
  },
  {
    id: 'iam-set-default-policy-version',
    name: 'Roll a managed policy back to an older version',
    steps: [any('iam:SetDefaultPolicyVersion')],
    how: 'Makes an older, broader version of an attached managed policy the default again, reviving permissions that were meant to be withdrawn.',
    link: RHINO,
  },
  {
    id: 'iam-create-access-key',
    name: 'Access key for another user',
    // A new key for the identity's own user is the same identity again: only other users count.
    steps: [other('iam:CreateAccessKey')],
    how: 'Mints an access key for a more privileged IAM user and signs in as that user.',
    link: pathfinding('iam-002'),
  },
  {
    id: 'iam-create-login-profile',
    name: 'Console password for another user',
    steps: [other('iam:CreateLoginProfile')],
    how: 'Sets a console password on a privileged user that has none, then signs in to the console as that user.',
    link: pathfinding('iam-004'),
  },
  {
    id: 'iam-update-login-profile',
    name: 'Reset another user’s console password',
    steps: [other('iam:UpdateLoginProfile')],
    how: 'Changes the console password of a privileged user and signs in with the new one.',
    link: pathfinding('iam-006'),
  },
  {
    id: 'iam-put-user-policy',
    name: 'Inline policy on a user',
    steps: [any('iam:PutUserPolicy')],
    how: 'Writes an inline policy granting everything onto the identity’s own user.',
    link: pathfinding('iam-007'),
  },
  {
    id: 'iam-put-group-policy',
    name: 'Inline policy on a group',
    steps: [any('iam:PutGroupPolicy')],
    how: 'Writes an inline policy granting everything onto a group the identity belongs to.',
    link: pathfinding('iam-011'),
  },
  {
    id: 'iam-put-role-policy',
    name: 'Inline policy on a role',
    steps: [any('iam:PutRolePolicy')],
    how: 'Writes an inline policy granting everything onto the role the identity runs as.',
    link: pathfinding('iam-005'),
  },
  {
    id: 'iam-attach-user-policy',
    name: 'Managed policy on a user',
    steps: [any('iam:AttachUserPolicy')],
    how: 'Attaches AdministratorAccess, or any other broad managed policy, to the identity’s own user.',
    link: pathfinding('iam-008'),
  },
  {
    id: 'iam-attach-group-policy',
    name: 'Managed policy on a group',
    steps: [any('iam:AttachGroupPolicy')],
    how: 'Attaches a broad managed policy to a group the identity belongs to.',
    link: pathfinding('iam-010'),
  },
  {
    id: 'iam-attach-role-policy',
    name: 'Managed policy on a role',
    steps: [any('iam:AttachRolePolicy')],
    how: 'Attaches a broad managed policy to the role the identity runs as.',
    link: pathfinding('iam-009'),
  },
  {
    id: 'iam-add-user-to-group',
    name: 'Join a more privileged group',
    steps: [any('iam:AddUserToGroup')],
    how: 'Adds the identity’s own user to a group that already holds administrative permissions.',
    link: pathfinding('iam-013'),
  },
  {
    id: 'iam-update-assume-role-policy',
    name: 'Rewrite a role’s trust policy, then assume it',
    // Opening the identity's own role to others is a backdoor, not a gain for the identity.
    steps: [other('iam:UpdateAssumeRolePolicy'), any('sts:AssumeRole')],
    how: 'Adds the identity to the trust policy of a privileged role and then assumes that role.',
    link: pathfinding('iam-012'),
  },

  // EC2 and Systems Manager: code running on an instance holds the instance profile's role.
  {
    id: 'passrole-ec2-run-instances',
    name: 'Launch an instance with a privileged role',
    steps: [PASS_ROLE, any('ec2:RunInstances')],
    how: 'Starts an EC2 instance with a privileged instance profile and user data of the attacker’s choosing, which then acts with that role.',
    link: pathfinding('ec2-001'),
  },
  {
    id: 'passrole-ec2-request-spot-instances',
    name: 'Request a spot instance with a privileged role',
    steps: [PASS_ROLE, any('ec2:RequestSpotInstances')],
    how: 'Asks for a spot instance carrying a privileged instance profile and a startup script that uses its credentials.',
    link: pathfinding('ec2-004'),
  },
  {
    id: 'ec2-rewrite-user-data',
    name: 'Rewrite the user data of a stopped instance',
    steps: [
      any('ec2:ModifyInstanceAttribute'),
      any('ec2:StopInstances'),
      any('ec2:StartInstances'),
    ],
    how: 'Stops an instance that has a privileged role, swaps its user data for a script, and starts it again so the script runs with that role.',
    link: pathfinding('ec2-002'),
  },
  {
    id: 'ec2-instance-connect-ssh-key',
    name: 'Push an SSH key to an instance',
    steps: [any('ec2-instance-connect:SendSSHPublicKey')],
    how: 'Installs a short-lived SSH key on an instance with a privileged role, logs in, and reads the role’s credentials from the metadata service.',
    link: pathfinding('ec2-003'),
  },
  {
    id: 'ec2-launch-template-version',
    name: 'New default version of a launch template',
    steps: [any('ec2:CreateLaunchTemplateVersion'), any('ec2:ModifyLaunchTemplate')],
    how: 'Makes a launch template’s default version carry a privileged instance profile and hostile user data, so the next instance launched from it works for the attacker.',
    link: pathfinding('ec2-005'),
  },
  {
    id: 'ssm-start-session',
    name: 'Shell on a managed instance',
    steps: [any('ssm:StartSession')],
    how: 'Opens a Session Manager shell on an instance with a privileged role and uses the role’s credentials from there.',
    link: pathfinding('ssm-001'),
  },
  {
    id: 'ssm-send-command',
    name: 'Run a command on a managed instance',
    steps: [any('ssm:SendCommand')],
    how: 'Runs a command on an instance with a privileged role that prints or uses the role’s credentials.',
    link: pathfinding('ssm-002'),
  },
  {
    id: 'passrole-ssm-automation',
    name: 'Automation runbook with a privileged role',
    steps: [PASS_ROLE, any('ssm:CreateDocument'), any('ssm:StartAutomationExecution')],
    how: 'Writes an Automation runbook with a script step and runs it under a privileged role, with no instance involved.',
    link: pathfinding('ssm-003'),
  },

  // Lambda: a function runs with its execution role.
  {
    id: 'passrole-lambda-create-invoke',
    name: 'Create and invoke a function with a privileged role',
    steps: [PASS_ROLE, any('lambda:CreateFunction'), any('lambda:InvokeFunction')],
    how: 'Creates a Lambda function whose execution role is privileged and invokes it to act with that role.',
    link: pathfinding('lambda-001'),
  },
  {
    id: 'passrole-lambda-event-source',
    name: 'Create a function with a privileged role and an event trigger',
    steps: [PASS_ROLE, any('lambda:CreateFunction'), any('lambda:CreateEventSourceMapping')],
    how: 'Creates a function with a privileged role and wires it to a stream or queue, so an event runs it without any invoke permission.',
    link: pathfinding('lambda-002'),
  },
  {
    id: 'passrole-lambda-add-permission',
    name: 'Create a function with a privileged role and allow oneself to invoke it',
    steps: [PASS_ROLE, any('lambda:CreateFunction'), any('lambda:AddPermission')],
    how: 'Creates a function with a privileged role and grants itself the invoke right through the function’s own resource policy.',
    link: pathfinding('lambda-006'),
  },
  {
    id: 'lambda-update-function-code',
    name: 'Replace the code of an existing function',
    steps: [any('lambda:UpdateFunctionCode')],
    how: 'Swaps the code of a function that already has a privileged role, and the next invocation acts for the attacker.',
    link: pathfinding('lambda-003'),
  },

  // Glue: endpoints, jobs and sessions run with the role they were given.
  {
    id: 'passrole-glue-dev-endpoint',
    name: 'Glue development endpoint with a privileged role',
    steps: [PASS_ROLE, any('glue:CreateDevEndpoint')],
    how: 'Creates a Glue development endpoint with a privileged role and an SSH key of the attacker’s, then works from inside it.',
    link: pathfinding('glue-001'),
  },
  {
    id: 'glue-update-dev-endpoint',
    name: 'Add an SSH key to a Glue development endpoint',
    steps: [any('glue:UpdateDevEndpoint')],
    how: 'Adds the attacker’s SSH key to an existing development endpoint and uses the role the endpoint already has.',
    link: pathfinding('glue-002'),
  },
  {
    id: 'passrole-glue-create-job-run',
    name: 'Create and run a Glue job with a privileged role',
    steps: [PASS_ROLE, any('glue:CreateJob'), any('glue:StartJobRun')],
    how: 'Creates a Glue job with a privileged role and a script of the attacker’s, then runs it.',
    link: pathfinding('glue-003'),
  },
  {
    id: 'passrole-glue-create-job-trigger',
    name: 'Create a Glue job with a privileged role and a trigger',
    steps: [PASS_ROLE, any('glue:CreateJob'), any('glue:CreateTrigger')],
    how: 'Creates a Glue job with a privileged role and a trigger that starts it, once or on a schedule.',
    link: pathfinding('glue-004'),
  },
  {
    id: 'passrole-glue-update-job-run',
    name: 'Repoint a Glue job at a privileged role and run it',
    steps: [PASS_ROLE, any('glue:UpdateJob'), any('glue:StartJobRun')],
    how: 'Changes an existing Glue job’s role and script, then starts a run.',
    link: pathfinding('glue-005'),
  },
  {
    id: 'passrole-glue-update-job-trigger',
    name: 'Repoint a Glue job at a privileged role and trigger it',
    steps: [PASS_ROLE, any('glue:UpdateJob'), any('glue:CreateTrigger')],
    how: 'Changes an existing Glue job’s role and script and adds a trigger that runs it.',
    link: pathfinding('glue-006'),
  },
  {
    id: 'passrole-glue-interactive-session',
    name: 'Glue interactive session with a privileged role',
    steps: [PASS_ROLE, any('glue:CreateSession'), any('glue:RunStatement')],
    how: 'Opens an interactive Glue session under a privileged role and runs Python statements in it.',
    link: pathfinding('glue-007'),
  },

  // CloudFormation: stacks act with their service role.
  {
    id: 'passrole-cloudformation-create-stack',
    name: 'Stack with a privileged service role',
    steps: [PASS_ROLE, any('cloudformation:CreateStack')],
    how: 'Creates a stack whose service role is privileged, with a template that creates whatever IAM resources the attacker wants.',
    link: pathfinding('cloudformation-001'),
  },
  {
    id: 'cloudformation-update-stack',
    name: 'Update a stack that has a privileged service role',
    steps: [any('cloudformation:UpdateStack')],
    how: 'Feeds a new template to an existing stack, which applies it with the privileged service role it already has.',
    link: pathfinding('cloudformation-002'),
  },
  {
    id: 'passrole-cloudformation-stack-set',
    name: 'Stack set with a privileged execution role',
    steps: [
      PASS_ROLE,
      any('cloudformation:CreateStackSet'),
      any('cloudformation:CreateStackInstances'),
    ],
    how: 'Creates a stack set with a privileged execution role and deploys an instance of it into the account.',
    link: pathfinding('cloudformation-003'),
  },
  {
    id: 'passrole-cloudformation-update-stack-set',
    name: 'Update a stack set with a privileged execution role',
    steps: [PASS_ROLE, any('cloudformation:UpdateStackSet')],
    how: 'Rewrites the template of an existing stack set, which its privileged execution role then rolls out.',
    link: pathfinding('cloudformation-004'),
  },
  {
    id: 'cloudformation-change-set',
    name: 'Change set on a stack that has a privileged service role',
    steps: [any('cloudformation:CreateChangeSet'), any('cloudformation:ExecuteChangeSet')],
    how: 'Prepares and executes a change set on an existing stack, so its privileged service role carries out the attacker’s template.',
    link: pathfinding('cloudformation-005'),
  },

  // Data Pipeline
  {
    id: 'passrole-datapipeline',
    name: 'Data pipeline with a privileged role',
    steps: [
      PASS_ROLE,
      any('datapipeline:CreatePipeline'),
      any('datapipeline:PutPipelineDefinition'),
      any('datapipeline:ActivatePipeline'),
    ],
    how: 'Defines and activates a pipeline whose resources run a shell command under a privileged role.',
    link: pathfinding('datapipeline-001'),
  },

  // CodeBuild: a build override replaces the buildspec of an existing project, so creating a
  // project with PassRole adds nothing these two do not already allow.
  {
    id: 'codebuild-start-build',
    name: 'Build with an overridden buildspec',
    steps: [any('codebuild:StartBuild')],
    how: 'Starts a build of a project that has a privileged service role, overriding its buildspec with commands of the attacker’s.',
    link: pathfinding('codebuild-002'),
  },
  {
    id: 'codebuild-start-build-batch',
    name: 'Batch build with an overridden buildspec',
    steps: [any('codebuild:StartBuildBatch')],
    how: 'Starts a batch build of a privileged project with an overridden buildspec.',
    link: pathfinding('codebuild-003'),
  },

  // ECS: containers get their task role's credentials.
  {
    id: 'passrole-ecs-create-service',
    name: 'Service from a new task definition with a privileged task role',
    steps: [PASS_ROLE, any('ecs:RegisterTaskDefinition'), any('ecs:CreateService')],
    how: 'Registers a task definition with a privileged task role and a command of the attacker’s, then creates a service that keeps it running.',
    link: pathfinding('ecs-003'),
  },
  {
    id: 'passrole-ecs-run-task',
    name: 'Run a task with an overridden role and command',
    steps: [PASS_ROLE, any('ecs:RunTask')],
    how: 'Runs an existing task definition with overrides that swap in a privileged task role and the attacker’s command.',
    link: pathfinding('ecs-008'),
  },
  {
    id: 'passrole-ecs-start-task',
    name: 'Start a task with an overridden role and command',
    steps: [PASS_ROLE, any('ecs:StartTask')],
    how: 'Starts a task on a registered container instance, overriding its task role and command.',
    link: pathfinding('ecs-009'),
  },
  {
    id: 'ecs-execute-command',
    name: 'Shell in a running container',
    steps: [any('ecs:ExecuteCommand'), any('ecs:DescribeTasks')],
    how: 'Opens a shell in a running task that has a privileged role and reads the role’s credentials from the container endpoint.',
    link: pathfinding('ecs-006'),
  },

  // SageMaker
  {
    id: 'passrole-sagemaker-notebook',
    name: 'Notebook instance with a privileged role',
    steps: [PASS_ROLE, any('sagemaker:CreateNotebookInstance')],
    how: 'Creates a Jupyter notebook instance with a privileged execution role and runs code in its terminal.',
    link: pathfinding('sagemaker-001'),
  },
  {
    id: 'passrole-sagemaker-training-job',
    name: 'Training job with a privileged role',
    steps: [PASS_ROLE, any('sagemaker:CreateTrainingJob')],
    how: 'Starts a training job whose container runs the attacker’s code under a privileged execution role.',
    link: pathfinding('sagemaker-002'),
  },
  {
    id: 'passrole-sagemaker-processing-job',
    name: 'Processing job with a privileged role',
    steps: [PASS_ROLE, any('sagemaker:CreateProcessingJob')],
    how: 'Starts a processing job whose container runs the attacker’s script under a privileged execution role.',
    link: pathfinding('sagemaker-003'),
  },
  {
    id: 'sagemaker-presigned-notebook-url',
    name: 'Sign in to an existing notebook',
    steps: [any('sagemaker:CreatePresignedNotebookInstanceUrl')],
    how: 'Gets a sign-in URL for an existing notebook instance with a privileged role and runs code in it.',
    link: pathfinding('sagemaker-004'),
  },
  {
    id: 'sagemaker-notebook-lifecycle-config',
    name: 'Startup script on an existing notebook',
    steps: [
      any('sagemaker:CreateNotebookInstanceLifecycleConfig'),
      any('sagemaker:StopNotebookInstance'),
      any('sagemaker:UpdateNotebookInstance'),
      any('sagemaker:StartNotebookInstance'),
    ],
    how: 'Gives an existing privileged notebook a lifecycle script and restarts it so the script runs with the notebook’s role.',
    link: pathfinding('sagemaker-005'),
  },

  // Other services that run code with a role.
  {
    id: 'passrole-apprunner-create-service',
    name: 'App Runner service with a privileged instance role',
    steps: [PASS_ROLE, any('apprunner:CreateService')],
    how: 'Creates an App Runner service with a privileged instance role and a start command or image of the attacker’s.',
    link: pathfinding('apprunner-001'),
  },
  {
    id: 'apprunner-update-service',
    name: 'Change what an App Runner service runs',
    steps: [any('apprunner:UpdateService')],
    how: 'Points an existing service that has a privileged instance role at the attacker’s image or start command.',
    link: pathfinding('apprunner-002'),
  },
  {
    id: 'bedrock-agentcore-code-interpreter',
    name: 'Run code in an existing Bedrock code interpreter',
    steps: [
      any('bedrock-agentcore:StartCodeInterpreterSession'),
      any('bedrock-agentcore:InvokeCodeInterpreter'),
    ],
    how: 'Opens a session on a code interpreter that has a privileged role and runs code that reads the role’s credentials.',
    link: pathfinding('bedrock-002'),
  },
  {
    id: 'batch-submit-job',
    name: 'Batch job with an overridden command',
    steps: [any('batch:SubmitJob')],
    how: 'Submits a job from an existing definition that has a privileged job role, overriding the container command.',
    link: pathfinding('batch-002'),
  },
  {
    id: 'codedeploy-create-deployment',
    name: 'Deploy a hostile revision to privileged instances',
    steps: [
      any('codedeploy:CreateDeployment'),
      any('codedeploy:RegisterApplicationRevision'),
      any('codedeploy:GetDeploymentConfig'),
    ],
    how: 'Deploys a revision whose lifecycle hook runs on instances that already have a privileged instance profile.',
    link: pathfinding('codedeploy-001'),
  },
  {
    id: 'passrole-cognito-identity-pool-roles',
    name: 'Privileged role for a Cognito identity pool',
    steps: [PASS_ROLE, any('cognito-identity:SetIdentityPoolRoles')],
    how: 'Binds a privileged role to an identity pool’s guest identities, then fetches that role’s credentials anonymously.',
    link: pathfinding('cognitoidentity-001'),
  },
]

/**
 * Actions whose answer carries credentials (keys, tokens, passwords).
 *
 * Left out on purpose: iam:UpdateAccessKey and iam:Create/UpdateLoginProfile (the caller supplies
 * or toggles the secret; nothing comes back), rds-db:connect and dsql:DbConnect (the token is
 * signed on the client; the action only authorizes the connection), and sso:GetRoleCredentials
 * (the access portal API is not authorized by IAM policy, so the catalog does not list it).
 */
export const CREDENTIALS_EXPOSURE: readonly string[] = [
  // IAM and STS
  'iam:CreateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoot',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
  'sts:GetServiceBearerToken',
  'sts:GetWebIdentityToken',
  'sso-oauth:CreateTokenWithIAM',
  // Registry and repository tokens
  'ecr:GetAuthorizationToken',
  'ecr-public:GetAuthorizationToken',
  'codeartifact:GetAuthorizationToken',
  // Database credentials
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'redshift-serverless:GetCredentials',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  // Glue connections hold database passwords and return them unless asked not to.
  'glue:GetConnection',
  'glue:GetConnections',
  // Cognito
  'cognito-identity:GetCredentialsForIdentity',
  'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminRespondToAuthChallenge',
  // Private keys and instance passwords
  'ec2:CreateKeyPair',
  'ec2:GetPasswordData',
  'lightsail:CreateKeyPair',
  'lightsail:DownloadDefaultKeyPair',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:CreateBucketAccessKey',
  'iot:CreateKeysAndCertificate',
  'iot:CreateProvisioningClaim',
  'acm:ExportCertificate',
  // Session credentials and sign-in tokens handed out by a service
  's3express:CreateSession',
  'elasticmapreduce:GetClusterSessionCredentials',
  'emr-containers:GetManagedEndpointSessionCredentials',
  'gamelift:GetInstanceAccess',
  'gamelift:GetComputeAccess',
  'gamelift:GetComputeAuthToken',
  'connect:GetFederationToken',
  'airflow:CreateCliToken',
  'airflow:CreateWebLoginToken',
  'sagemaker:CreatePresignedDomainUrl',
  'sagemaker:CreatePresignedNotebookInstanceUrl',
  // API keys
  'appsync:CreateApiKey',
  'grafana:CreateWorkspaceApiKey',
  'grafana:CreateWorkspaceServiceAccountToken',
]

/** Actions that read data out: object contents, secret values, parameters. */
export const DATA_EXFILTRATION: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'kms:Decrypt',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'ebs:GetSnapshotBlock',
  'sqs:ReceiveMessage',
  'kinesis:GetRecords',
  'glacier:GetJobOutput',
  'codecommit:GitPull',
]

/**
 * Credential actions whose token carries only the caller's own permissions: they cannot reach
 * further than the identity already does, but the token outlives the key — deactivating or
 * rotating the key does not revoke it (an ECR token lasts 12 hours, a GetSessionToken session up
 * to 36). https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
export const SELF_BOUND_CREDENTIALS: readonly string[] = [
  'sts:GetSessionToken',
  'sts:GetServiceBearerToken',
  'ecr:GetAuthorizationToken',
  'ecr-public:GetAuthorizationToken',
  'codeartifact:GetAuthorizationToken',
  's3express:CreateSession',
]
