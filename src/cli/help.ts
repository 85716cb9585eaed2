/** Help texts: every command explains what it is for, its options, and examples that run. */
import { AWS_HELP } from './aws-flags.ts'

export interface CommandHelp {
  readonly usage: string
  readonly summary: string
  readonly description: string
  readonly options: readonly [string, string][]
  readonly examples: readonly string[]
}

export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  validate: {
    usage: 'keyward validate [FILE…] [-o text|json]',
    summary: 'Check manifests: YAML, schema, references, IAM actions, names and limits.',
    description:
      'Validates each manifest for every environment it declares and reports every problem with\n' +
      'its file, line and column. Nothing is read from or written to AWS.\n' +
      'Exit status: 0 valid (warnings allowed), 2 invalid, 1 internal error.',
    options: [
      ['FILE…', 'Manifests to check (default: keyward.yaml).'],
      ['-o, --output FORMAT', '`text` (default) or `json`.'],
    ],
    examples: [
      'keyward validate',
      'keyward validate examples/*.yaml',
      'keyward validate keyward.yaml -o json',
    ],
  },
  resolve: {
    usage: 'keyward resolve FILE [--env ENV…|--all-envs] [-o text|json|yaml]',
    summary: 'Show every identity of an environment exactly as keyward would create it.',
    description:
      'Interpolates one environment and prints each identity with its physical name, ARN and every\n' +
      'IAM policy document keyward would create, byte for byte. Offline; nothing touches AWS.',
    options: [
      ['FILE', 'The manifest.'],
      [
        '-e, --env ENV',
        'Environment to resolve; repeat for several. Optional when there is only one.',
      ],
      ['-A, --all-envs', 'Resolve every environment.'],
      ['-o, --output FORMAT', '`text` (default), `json` or `yaml`.'],
    ],
    examples: [
      'keyward resolve examples/tomoda.yaml --env dev',
      'keyward resolve examples/tomoda.yaml --env prod -o json',
      'keyward resolve examples/tomoda.yaml --all-envs -o yaml',
    ],
  },
  eval: {
    usage:
      'keyward eval --principal ARN --action A --resource R --policy FILE… [options] | --batch FILE|-',
    summary: 'Decide one request the way AWS would, from the policies given.',
    description:
      'Evaluates identity, resource, boundary, SCP and session policies with AWS’s logic and says\n' +
      'Allowed, ExplicitlyDenied or ImplicitlyDenied, and which statements decided it. With\n' +
      '--unknown-context, keys you do not pass could hold anything: the answer may be AllowedIf,\n' +
      'with the condition the request must meet. --batch reads JSON lines\n' +
      '{"id","principal","action","resource","context"?,"identityPolicies":[…],"resourcePolicy"?,\n' +
      '"permissionBoundaries"?:[…],"scps"?:[[…]…],"sessionPolicy"?} and answers one line each.',
    options: [
      [
        '--principal ARN',
        'The caller: a user, a role (standing for its session), a session, or an account root.',
      ],
      ['--action A', 'The action, e.g. s3:GetObject.'],
      ['--resource R', 'The resource ARN, or `*` for actions without resource types.'],
      ['--policy FILE', 'An identity policy (JSON); repeat for several.'],
      ['--resource-policy FILE', 'The resource’s own policy.'],
      ['--boundary FILE', 'A permissions boundary.'],
      ['--scp FILE', 'A service control policy; repeat for each level, root first.'],
      ['--session-policy FILE', 'A session policy.'],
      ['--context KEY=VALUE', 'A context value; repeat a key for several values.'],
      ['--resource-account ID', 'The resource’s account when its ARN does not say (S3).'],
      ['--unknown-context', 'Treat keys not given as unknown rather than absent.'],
      ['--batch FILE', 'Evaluate JSON lines from FILE, or from standard input with `-`.'],
      ['-o, --output FORMAT', '`text` (default) or `json`.'],
    ],
    examples: [
      'keyward eval --principal arn:aws:iam::111111111111:user/app --action s3:GetObject --resource arn:aws:s3:::b/k --policy app.json',
      'keyward eval --batch requests.jsonl > decisions.jsonl',
    ],
  },
  effective: {
    usage:
      'keyward effective --principal ARN --policy FILE… [--boundary FILE] [--scp FILE…] [-o json]',
    summary: 'List everything a principal could be allowed to do, across the whole IAM catalog.',
    description:
      'Sweeps every action AWS publishes and lists those some request could be allowed, with their\n' +
      'resource patterns, grouped by service and access level. An action that depends on context\n' +
      'you did not give (tags, source IP) is marked conditional.',
    options: [
      ['--principal ARN', 'The principal whose permissions to list.'],
      ['--policy FILE', 'An identity policy (JSON); repeat for several.'],
      ['--boundary FILE', 'A permissions boundary.'],
      ['--scp FILE', 'A service control policy; repeat for each level, root first.'],
      ['--session-policy FILE', 'A session policy.'],
      ['--context KEY=VALUE', 'A known context value.'],
      ['-o, --output FORMAT', '`text` (default) or `json`.'],
    ],
    examples: [
      'keyward effective --principal arn:aws:iam::111111111111:user/app --policy app.json -o json',
    ],
  },
  plan: {
    usage:
      'keyward plan FILE [--env ENV] [-out plan.json] [-o text|json] [--allow-delete] [--detailed-exitcode]',
    summary: 'Show what apply would change in the environment’s AWS account, resource by resource.',
    description:
      'Reads the account in a few calls and compares it with the manifest: what would be created,\n' +
      'changed in place, renamed (a user keeps its id and keys), adopted, deleted, and which keys\n' +
      'would be minted. Policy changes are shown as JSON diffs and flagged when they let an identity\n' +
      'do more. Only resources tagged as keyward’s (or marked `adopt: true`) are ever touched.\n' +
      'Exit status: 0 success, 2 invalid input or wrong account, 3 AWS error, 1 internal error.\n' +
      'With --detailed-exitcode, as Terraform: 0 no changes, 2 changes, 1 any error.',
    options: [
      ['FILE', 'The manifest (default: keyward.yaml).'],
      ['-e, --env ENV', 'The environment. Optional when the manifest declares only one.'],
      ['-out, --out FILE', 'Also save the plan, for `keyward apply FILE` to run exactly.'],
      ['-o, --output FORMAT', '`text` (default) or `json` (the plan object).'],
      ['--allow-delete', 'Plan deletions of what the manifest no longer declares.'],
      ['--detailed-exitcode', 'Exit 2 when there are changes (see above).'],
      ...AWS_HELP,
    ],
    examples: [
      'keyward plan examples/tomoda.yaml --env dev',
      'keyward plan examples/tomoda.yaml --env prod -out prod.plan.json',
      'AWS_ENDPOINT_URL=http://127.0.0.1:5000 keyward plan examples/tomoda.yaml --env dev -o json',
    ],
  },
  apply: {
    usage:
      'keyward apply FILE --env ENV [--yes] [--allow-delete] [-o text|json] | keyward apply PLAN.json [--yes]',
    summary: 'Make the account match the manifest, and mint keys straight into their stores.',
    description:
      'Plans as `keyward plan` does, shows the plan, asks for confirmation (or takes --yes), then\n' +
      'applies it step by step. A saved plan is applied exactly, and refused if the account changed\n' +
      'since it was made. Every step is safe to repeat: after a failure, run apply again.\n' +
      'Access keys are minted straight into Secrets Manager or SSM; their secrets are never shown,\n' +
      'logged or saved anywhere else, and key ids appear as their last four characters.\n' +
      'With -o json, prints one JSON event per line: the plan, then each change as it happens.\n' +
      'Exit status: 0 success, 2 invalid input, conflict, stale plan or wrong account, 3 AWS error.',
    options: [
      ['FILE', 'The manifest, or a plan saved with `plan -out`.'],
      ['-e, --env ENV', 'The environment. Optional when the manifest declares only one.'],
      ['-y, --yes', 'Apply without asking (needed when not at a terminal).'],
      ['--allow-delete', 'Also delete what the manifest no longer declares.'],
      ['-o, --output FORMAT', '`text` (default) or `json` (JSON lines).'],
      ...AWS_HELP,
    ],
    examples: [
      'keyward apply examples/tomoda.yaml --env dev',
      'keyward plan examples/tomoda.yaml --env prod -out prod.plan.json && keyward apply prod.plan.json --yes',
      'keyward apply examples/tomoda.yaml --env dev --yes -o json | jq -c .',
    ],
  },
  rotate: {
    usage:
      'keyward rotate FILE [--env ENV…|--all-envs] [ID…] [--due|--now|--rollback ID] [--adopt] [--dry-run] [--yes] [-o text|json]',
    summary: 'Rotate access keys with zero downtime: verified, resumable, never a lost key.',
    description:
      'Advances each identity’s rotation by the steps due now, then returns; run it on a schedule.\n' +
      'A rotation records its intent in the environment’s journal (a Secrets Manager secret),\n' +
      'creates a key, proves it with STS (and the canary, if any), stores it as the current key\n' +
      '(AWSCURRENT; the old key becomes previous), lets the old key drain while consumers\n' +
      'refresh, deactivates it, and deletes it after the\n' +
      'recovery window. Killed at any point, the next run finishes the job. keyward never asks\n' +
      'for a third key and never deactivates or deletes a key it did not make.\n' +
      'Without --yes it shows what is due and asks. With -o json, prints JSON lines.\n' +
      'Several environments (repeated --env, or --all-envs) run in one go, their accounts at once,\n' +
      'each through its `assumeRole` when it names one; environments of one account share its rate\n' +
      'limits. Each text line then starts with its environment (`[prod]`), each JSON line carries\n' +
      '`env`, the one confirmation names every environment and account, and one environment’s\n' +
      'failure does not stop the others.\n' +
      'Exit status: 0 success, 2 invalid input or a rotation refused, 3 AWS error; with several\n' +
      'environments, the worst of them.',
    options: [
      ['FILE', 'The manifest.'],
      ['ID…', 'Only these identities (default: every identity with a key).'],
      [
        '-e, --env ENV',
        'The environment; repeat for several. Optional when the manifest declares only one.',
      ],
      ['-A, --all-envs', 'Every environment the manifest declares.'],
      ['--due', 'Only the steps that are due (the default).'],
      ['--now', 'Start a rotation now, even if the key is not old yet.'],
      ['--rollback ID', 'Make the previous key current again (while it drains or is inactive).'],
      ['--adopt', 'Take over a second key keyward did not make: drain, deactivate, delete it.'],
      ['--dry-run', 'Show what is due and change nothing.'],
      ['-y, --yes', 'Do it without asking (needed when not at a terminal).'],
      ['--clock TIME', 'Decide as if it were TIME (ISO) or now+OFFSET (+90d); also KEYWARD_CLOCK.'],
      ['--verify-timeout DURATION', 'How long IAM may take to accept a new key (default 5m).'],
      ['--concurrency N', 'Identities rotated at once; they share journal writes (default 64).'],
      [
        '--iam-write-rate N',
        'IAM writes sent per second per account, so AWS need not throttle them (default 10; 0: no limit).',
      ],
      [
        '--parallel-accounts N',
        'Accounts worked on at once when there are several environments (default 4).',
      ],
      ['-o, --output FORMAT', '`text` (default) or `json` (JSON lines).'],
      ...AWS_HELP,
    ],
    examples: [
      'keyward rotate examples/tomoda.yaml --env prod --dry-run',
      'keyward rotate examples/tomoda.yaml --env prod --due --yes',
      'keyward rotate examples/tomoda.yaml --all-envs --due --yes -o json',
      'keyward rotate examples/tomoda.yaml --env dev uploader --now --yes',
      'keyward rotate examples/tomoda.yaml --env dev --rollback uploader --yes',
    ],
  },
  status: {
    usage:
      'keyward status FILE [--env ENV…|--all-envs] [ID…] [--account] [-o text|json] [--html FILE] [--fail-on SEVERITY]',
    summary:
      'Every access key: age, last use, rotation state and next due date, drift, CIS checks.',
    description:
      'Reads the account (through the environment’s assumeRole, if any) and lists, for each user\n' +
      'of the environment, its access keys (last four characters; part — current, previous,\n' +
      'pending or unmanaged; status; age; last use), where its rotation stands and when the next\n' +
      'step is due, and what the next apply would change (drift). With --account, every other\n' +
      'user of the account and its keys too. Several environments are read at once, accounts in parallel.\n' +
      'The keys are audited against CIS AWS Foundations: KW801 an active key older than 90 days,\n' +
      'KW802 unused for 45 days or more, KW803 two active keys outside a rotation, KW804 a key\n' +
      'keyward did not make (on its users, or on users it does not manage). A key a rotation is\n' +
      'retiring is not reported as old. Reads only; nothing secret is read or printed.\n' +
      'Exit status: 0 success, 4 findings at or above --fail-on, 2 invalid input or wrong account,\n' +
      '3 AWS error.',
    options: [
      ['FILE', 'The manifest.'],
      ['ID…', 'Only these identities (users with a key).'],
      ['-e, --env ENV', 'An environment; repeat for several. Optional when there is only one.'],
      ['--all-envs', 'Every environment of the manifest.'],
      ['--account', 'Also read every other user of the account, and audit their keys.'],
      [
        '--parallel-accounts N',
        'Accounts read at once (default 4); an account’s environments share its IAM read pace.',
      ],
      ['--clock TIME', 'As rotate: judge ages and due dates at TIME or now+OFFSET.'],
      ['-o, --output FORMAT', '`text` (default) or `json` (format keyward.status/v1).'],
      [
        '--html FILE',
        'Write the HTML report: this status as its first section, then `check`’s proofs.',
      ],
      [
        '--fail-on SEVERITY',
        'Exit 4 when a finding is at least this severe: low, medium… (default none).',
      ],
      ...AWS_HELP,
    ],
    examples: [
      'keyward status examples/tomoda.yaml --env prod',
      'keyward status examples/tomoda.yaml --env dev -o json',
      'keyward status examples/tomoda.yaml --all-envs --account --fail-on medium',
      'keyward status examples/tomoda.yaml --env prod --html status.html',
    ],
  },
  check: {
    usage:
      'keyward check FILE [--env ENV…] [--account] [-o text|json|sarif] [--html FILE] [--fail-on SEVERITY]',
    summary: 'Prove what each identity can and can never do, and report risky grants.',
    description:
      'Offline, from the manifest alone — or, with --account, from what the account really holds.\n' +
      'For every identity of every environment (or those given):\n' +
      '- its `never` assertions, proven over every request and context: a broken one names the\n' +
      '  statement that allows it, with its file and line;\n' +
      '- its blast radius: services and actions by access level, and how much comes from wildcards;\n' +
      '- findings with a severity and a stable id: privilege escalation (KW101), credentials\n' +
      '  exposure (KW102), data exfiltration (KW103), permissions management (KW104), wildcard\n' +
      '  actions and resources (KW201, KW202), reach into another environment (KW301), a user\n' +
      '  that could be a role (KW401), a policy keyward cannot read (KW501); a violated never is\n' +
      '  KW001 (critical).\n' +
      'With --account (one --env), every user, group and role of the environment’s account is read\n' +
      'from IAM, declared or not, with the policies AWS has on it (AWS managed ones included). A\n' +
      'declared identity keeps its `never` assertions; a policy that matches the manifest is shown\n' +
      'at its lines, one that drifted or that nobody declared by its ARN.\n' +
      'Exit status: 0 no finding at or above --fail-on, 4 some, 2 invalid input, 1 internal error.',
    options: [
      ['FILE', 'The manifest (default: keyward.yaml).'],
      ['-e, --env ENV', 'Check only this environment; repeat for several. Default: all.'],
      [
        '-o, --output FORMAT',
        '`text` (default), `json` (format keyward.check/v1) or `sarif` (2.1.0, for code scanning).',
      ],
      [
        '--html FILE',
        'Also write one self-contained HTML report: diagram, blast radius, proofs, findings.',
      ],
      [
        '--fail-on SEVERITY',
        'Exit 4 when a finding is this severe or more: critical (default), high, medium, low, info, or none.',
      ],
      ['--account', 'Check the live account of the one --env given, not the manifest alone.'],
      ...AWS_HELP,
    ],
    examples: [
      'keyward check examples/tomoda.yaml',
      'keyward check examples/tomoda.yaml --account --env dev --profile tomoda-dev',
      'keyward check examples/tomoda.yaml --env prod -o json',
      'keyward check keyward.yaml --fail-on high',
      'keyward check keyward.yaml -o sarif > keyward.sarif',
      'keyward check examples/tomoda.yaml --html check.html',
    ],
  },
  diff: {
    usage:
      'keyward diff OLD NEW [--env ENV…] [-o text|json] [--fail-on-broadening]\n' +
      '       keyward diff FILE --account --env ENV [-o text|json] [--fail-on-broadening]',
    summary:
      'What a manifest change lets each identity do that it could not before, and the reverse.',
    description:
      'Sweeps every identity of both manifests over the whole IAM catalog and lists, per\n' +
      'environment, the (action, resource) pairs newly allowed (+, with the statement of NEW that\n' +
      'grants each) and newly denied (-). Identities are matched by their id, so a rename is not a\n' +
      'change. An environment given with --env need only exist in one of the two.\n' +
      'With --account, OLD is what the environment’s account holds now (the identities the\n' +
      'manifest declares or keyward made there) and NEW the manifest: what apply would add and\n' +
      'take away, including changes made by hand in the console.\n' +
      'Exit status: 0, or 4 with --fail-on-broadening when anything is newly allowed; 2 invalid input.',
    options: [
      ['OLD NEW', 'Two manifests: usually the main branch’s and the change’s.'],
      ['-e, --env ENV', 'Compare only this environment; repeat for several. Default: all.'],
      ['-o, --output FORMAT', '`text` (default) or `json` (format keyward.diff/v1).'],
      ['--fail-on-broadening', 'Exit 4 when any identity can do something new.'],
      ['--account', 'Compare the manifest with the live account of the one --env given.'],
      ...AWS_HELP,
    ],
    examples: [
      'git show main:keyward.yaml > /tmp/main.yaml && keyward diff /tmp/main.yaml keyward.yaml',
      'keyward diff old.yaml new.yaml --env prod -o json',
      'keyward diff keyward.yaml --account --env prod',
    ],
  },
  render: {
    usage:
      'keyward render k8s FILE --env ENV [-o yaml|json] [--out DIR | --restarts]\n' +
      '       keyward render runner FILE --env ENV [--schedule EXPR] [--kubernetes ISSUER --service-account NS/NAME | --central ARN] [--id ID] [--merge] [--out DIR] [-o yaml|json]',
    summary: 'The Kubernetes side, or the role and schedule that rotate keys inside the account.',
    description:
      '`render k8s` renders, for one environment, an External Secrets Operator ExternalSecret per\n' +
      'consumer (the store’s AWSCURRENT value, every field or the `keys` mapped), the SecretStore or\n' +
      'ClusterSecretStore it reads through (`auth.jwt` for a role ESO assumes through a service\n' +
      'account, `auth.secretRef` for a user’s key), and a ServiceAccount annotated with its role ARN\n' +
      'for each service account a role trusts. Who reads each store is proven from the policies, or\n' +
      'named with the consumer’s `reader`. Restart targets get Stakater Reloader annotations, which\n' +
      'restart a workload only when its Secret’s content changes; they are rendered apart, for\n' +
      'server-side apply, since keyward does not own those workloads.\n' +
      '\n' +
      '`render runner` prints the manifest entry of a role that runs `keyward rotate --due` on a\n' +
      'schedule, so that no person’s credentials create keys: the key actions on the users with a\n' +
      'key (only while keyward’s tags say they are this project’s and environment’s), their stores\n' +
      'and the stores’ own KMS keys, and the rotation journal — nothing else — written with the\n' +
      'manifest’s references, so one entry serves every environment. Its `never` assertions say\n' +
      'what it cannot do (read or write other secrets and parameters, touch other users’ keys,\n' +
      'escalate); before printing, the manifest with the entry is validated and checked, and they\n' +
      'must hold. By default a Lambda function assumes it: --out also writes a CloudFormation\n' +
      'template for the function and its EventBridge Scheduler schedule. With --kubernetes it is a\n' +
      'service account’s, and --out writes a CronJob; with --central, a runner in another account\n' +
      'assumes it. Next steps are printed on standard error. Offline.\n' +
      'Exit status: 0 rendered, 2 invalid manifest or options, or nothing to render.',
    options: [
      ['FILE', 'The manifest.'],
      ['-e, --env ENV', 'The environment. Optional when the manifest declares only one.'],
      ['-o, --output FORMAT', '`yaml` (default) or `json` (k8s: a v1 List).'],
      [
        '--out DIR',
        'k8s: write PROJECT-ENV.yaml and PROJECT-ENV-restarts.yaml into DIR. runner: write the entry (ID.yaml) and its deployment (PROJECT-ENV-ID-scheduler.yaml or -cronjob.yaml).',
      ],
      ['--restarts', 'k8s: print the Reloader annotations instead of the objects.'],
      [
        '--schedule EXPR',
        'runner: when it runs. EventBridge Scheduler’s `rate(1 day)` (default) or `cron(17 3 * * ? *)`; with --kubernetes a cron line, default `17 3 * * *`.',
      ],
      [
        '--kubernetes ISSUER',
        'runner: the cluster’s OIDC issuer URL; with --service-account, a CronJob runs it.',
      ],
      ['--service-account NS/NAME', 'runner: the service account the CronJob runs as.'],
      [
        '--central ARN',
        'runner: the role of a central runner in another account that assumes this one (its environment’s `assumeRole`).',
      ],
      ['--id ID', 'runner: the logical id of the role (default `keyward-runner`).'],
      [
        '--merge',
        'runner: write the entry into FILE (replacing an earlier one), keeping the rest as is.',
      ],
    ],
    examples: [
      'keyward render k8s examples/tomoda.yaml --env dev | kubectl apply -f -',
      'keyward render k8s examples/tomoda.yaml --env dev --restarts | kubectl apply --server-side --field-manager=keyward -f -',
      'keyward render k8s examples/pennlabs-irsa.yaml --out k8s/',
      'keyward render runner examples/tomoda.yaml --env dev',
      'keyward render runner examples/tomoda.yaml --env prod --schedule "cron(17 3 * * ? *)" --out runner/',
      'keyward render runner examples/tomoda.yaml --env dev --kubernetes https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE --service-account keyward/runner --out runner/',
      'keyward render runner examples/tomoda.yaml --env prod --central arn:aws:iam::111122223333:role/keyward-runner',
    ],
  },
  bootstrap: {
    usage:
      'keyward bootstrap k8s FILE --env ENV [ID…] (--file PATH [--force] | --kubectl [--context CTX])',
    summary: 'Hand External Secrets Operator its first key, without showing it to anyone.',
    description:
      'ESO cannot read its own first credentials. For each user ESO signs in as (a consumer whose\n' +
      'reader is a user), this reads the user’s key from its store and writes the Secret ESO’s\n' +
      'SecretStore names: to a new file created with mode 0600, or on the standard input of\n' +
      '`kubectl apply -f -`. It never prints the key. From then on ESO refreshes the Secret from the\n' +
      'store itself, so rotations need no new bootstrap, provided the user may read its own store\n' +
      '(`render k8s` warns when it may not).\n' +
      'Exit status: 0 written, 2 invalid input or kubectl failed, 3 AWS error.',
    options: [
      ['FILE', 'The manifest.'],
      ['ID…', 'Only these users (default: every user ESO signs in as).'],
      ['-e, --env ENV', 'The environment. Optional when the manifest declares only one.'],
      ['-f, --file PATH', 'Write the Secret to PATH, created 0600; an existing file is refused.'],
      ['--force', 'With --file: replace an existing file.'],
      ['--kubectl', 'Pipe the Secret to `kubectl apply -f -` instead.'],
      ['--context CTX', 'With --kubectl: the kubeconfig context to apply in.'],
      ...AWS_HELP,
    ],
    examples: [
      'keyward bootstrap k8s examples/tomoda.yaml --env dev --file eso-reader.secret.yaml',
      'keyward bootstrap k8s examples/tomoda.yaml --env prod --kubectl --context prod',
    ],
  },
  advise: {
    usage: 'keyward advise FILE [--env ENV…] [--issuer URL] [-o text|json]',
    summary: 'Which users could be federated roles, with the manifest change and what it removes.',
    description:
      'For each user with a key: if External Secrets Operator signs in as it, a role ESO assumes\n' +
      'with a service account token replaces it (recommended); if only Kubernetes workloads read\n' +
      'its key, a role for their service accounts can (likely); otherwise it says what to look for.\n' +
      'Each proposal has the manifest entry to paste in place of the user, written with the\n' +
      'manifest’s own variables, and lists the keys, stores, rotations and Secrets it removes. The\n' +
      'issuer is the one the manifest’s roles already trust, --issuer, or a variable to define.\n' +
      'Offline. Exit status: 0, or 2 for invalid input.',
    options: [
      ['FILE', 'The manifest.'],
      ['-e, --env ENV', 'Only these environments (default: all).'],
      ['--issuer URL', 'The cluster’s OIDC issuer, written into the proposed trust.'],
      ['-o, --output FORMAT', '`text` (default) or `json`.'],
    ],
    examples: [
      'keyward advise examples/tomoda.yaml',
      'keyward advise examples/tomoda.yaml --issuer https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE -o json',
    ],
  },
  import: {
    usage:
      'keyward import terraform DIR [-o FILE] [--env NAME[=FILE.tfvars]…] [--account [ENV=]ID…] [options]',
    summary: 'Turn a Terraform configuration’s IAM identities into a manifest that adopts them.',
    description:
      'Reads the .tf files of DIR and the local modules it calls (HCL is parsed, never run; the\n' +
      'state is never opened) and writes a manifest of its users, groups, roles, managed policies,\n' +
      'memberships, attachments and key stores. Every entry has `adopt: true`: `keyward apply`\n' +
      'takes over what Terraform created and recreates nothing; a store’s key is kept.\n' +
      'Variables stay variables: `${var.environment}` becomes `${env}`, the provider’s region\n' +
      '`${region}`, others `${name}` with each environment’s value. Each .tfvars other than\n' +
      'terraform.tfvars / *.auto.tfvars is an environment, unless --env says otherwise.\n' +
      'It reports what is wrong in the Terraform (KW701 access-key secrets in state, KW702\n' +
      'credentials in the configuration, KW703 plain-text parameters, KW704 keys never rotated)\n' +
      'and runs check’s proofs on the imported manifest, then prints the `terraform state rm`\n' +
      'list that hands ownership to keyward. What cannot be resolved is reported at its file:line,\n' +
      'never guessed. Offline. Exit status: 0, 2 when something could not be imported, 4 when\n' +
      'findings reach --fail-on.',
    options: [
      ['DIR', 'The root module’s directory (where you run `terraform plan`).'],
      [
        '-o, --out FILE',
        'Write the manifest to FILE (default: standard output; the report goes to standard error).',
      ],
      ['--force', 'Replace FILE if it exists.'],
      [
        '--partial',
        'Write the manifest even when something could not be imported, to finish by hand.',
      ],
      ['-e, --env NAME[=FILE]', 'An environment, with its own .tfvars; repeat for several.'],
      ['--var NAME=VALUE', 'A Terraform variable for every environment, as `terraform -var`.'],
      [
        '--account [ENV=]ID',
        'The AWS account (of one environment), when the provider does not pin it.',
      ],
      ['--region REGION', 'The region, when the provider does not say it.'],
      [
        '--project NAME',
        'The manifest’s project (default: a project variable, or the directory name).',
      ],
      [
        '--known ADDR.ATTR=VALUE',
        'A value Terraform only knows after apply, e.g. random_id.id.hex=3f9a1c07.',
      ],
      [
        '--link SECRET=USER',
        'Whose key a secret holds, when the Terraform cannot say (credentials from a variable).',
      ],
      ['--tofu', 'Print `tofu state rm` rather than `terraform state rm`.'],
      ['--json', 'The report as JSON.'],
      ['--fail-on SEVERITY', '`none` (default), `info`, `low`, `medium`, `high` or `critical`.'],
    ],
    examples: [
      'keyward import terraform examples/terraform/tomoda --account dev=111111111111 --account prod=222222222222 -o tomoda.yaml',
      'keyward import terraform examples/terraform/nullplatform --account 333333333333 --tofu',
    ],
  },
  schema: {
    usage: 'keyward schema',
    summary: 'Print the manifest’s JSON Schema, for editors and CI.',
    description:
      'Prints the JSON Schema (draft-07) generated from the same definitions `validate` uses.\n' +
      'Point your editor at it with a first line such as:\n' +
      '  # yaml-language-server: $schema=./keyward.schema.json',
    options: [],
    examples: ['keyward schema > keyward.schema.json'],
  },
}

export function commandHelp(help: CommandHelp): string {
  const width = Math.max(...help.options.map(([flag]) => flag.length), 0)
  const lines = [help.summary, '', `Usage: ${help.usage}`, '', help.description]
  if (help.options.length > 0) {
    lines.push('', 'Options:')
    for (const [flag, text] of help.options) lines.push(`  ${flag.padEnd(width)}  ${text}`)
    lines.push(`  ${'-h, --help'.padEnd(width)}  Show this help.`)
  }
  lines.push('', 'Examples:', ...help.examples.map((e) => `  ${e}`))
  return `${lines.join('\n')}\n`
}

export function mainHelp(version: string): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length))
  const lines = [
    `keyward ${version} — declare, prove, mint and rotate AWS machine identities.`,
    '',
    'Usage: keyward COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, help]) => `  ${name.padEnd(width)}  ${help.summary}`),
    '',
    'Run `keyward COMMAND --help` for a command’s options and examples.',
    'Docs: the manifest reference is docs/manifest.md; diagnostics are listed in docs/diagnostics.md.',
  ]
  return `${lines.join('\n')}\n`
}
