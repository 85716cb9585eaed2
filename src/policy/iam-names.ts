/**
 * AWS naming rules, checked on the final (interpolated) names so a rename in one environment
 * cannot slip through. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */

export type NamedKind = 'user' | 'group' | 'role' | 'managed policy' | 'inline policy'

const IAM_CHAR = /[\w+=,.@-]/
const IAM_NAME = wholeOf(IAM_CHAR, '+')
const MAX_LENGTH: Record<NamedKind, number> = {
  user: 64,
  role: 64,
  group: 128,
  'managed policy': 128,
  'inline policy': 128,
}

/** A description of what is wrong, or undefined when the name is valid. */
export function iamNameProblem(kind: NamedKind, name: string): string | undefined {
  const max = MAX_LENGTH[kind]
  if (name.length === 0) return `A ${kind} name cannot be empty.`
  if (name.length > max)
    return `${cap(kind)} name "${name}" is ${name.length} characters; IAM allows ${max}.`
  if (!IAM_NAME.test(name)) {
    return `${cap(kind)} name "${name}" has characters IAM does not allow (${badChars(name, IAM_CHAR)}); use letters, digits and + = , . @ _ -.`
  }
  return undefined
}

const IAM_PATH = /^\/$|^\/[\u0021-\u007E]+\/$/

export function iamPathProblem(path: string): string | undefined {
  if (path.length > 512) return `Path is ${path.length} characters; IAM allows 512.`
  if (!IAM_PATH.test(path))
    return `Path "${path}" must be \`/\` or start and end with \`/\`, e.g. \`/ci/\`.`
  return undefined
}

const SECRET_CHAR = /[A-Za-z0-9/_+=.@-]/
const SECRET_NAME = wholeOf(SECRET_CHAR, '+')

/** https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html */
export function secretNameProblem(name: string): string | undefined {
  if (name.length > 512)
    return `Secret name is ${name.length} characters; Secrets Manager allows 512.`
  if (!SECRET_NAME.test(name)) {
    return `Secret name "${name}" has characters Secrets Manager does not allow (${badChars(name, SECRET_CHAR)}).`
  }
  return undefined
}

/** AWS appends `-XXXXXX` to secret ARNs; a name that already ends like that makes ARNs ambiguous. */
export function secretNameLooksSuffixed(name: string): boolean {
  return /-[A-Za-z0-9]{6}$/.test(name)
}

const PARAMETER_CHAR = /[A-Za-z0-9_./-]/
const PARAMETER_NAME = wholeOf(PARAMETER_CHAR, '+')

/** https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html */
export function parameterNameProblem(name: string, arn: string): string | undefined {
  if (!PARAMETER_NAME.test(name)) {
    return `Parameter name "${name}" has characters SSM does not allow (${badChars(name, PARAMETER_CHAR)}).`
  }
  if (/^\/?(aws|ssm)/i.test(name))
    return `Parameter names cannot begin with \`aws\` or \`ssm\`: "${name}".`
  if (name.includes('/') && !name.startsWith('/')) {
    return `A hierarchical parameter name must start with \`/\`: "${name}".`
  }
  if (name.split('/').length - 1 > 15)
    return `Parameter "${name}" is deeper than the 15 levels SSM allows.`
  if (arn.length > 1011)
    return `Parameter "${name}" makes an ARN of ${arn.length} characters; SSM allows 1011.`
  return undefined
}

const TAG_CHAR = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u
const TAG_TEXT = wholeOf(TAG_CHAR, '*')
export const MAX_TAGS = 50

/** https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html */
export function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 128) return `Tag key "${key}" must be 1 to 128 characters.`
  if (/^aws:/i.test(key)) return `Tag keys starting with \`aws:\` are reserved for AWS: "${key}".`
  if (!TAG_TEXT.test(key))
    return `Tag key "${key}" has characters AWS does not allow (${badChars(key, TAG_CHAR)}).`
  return undefined
}

export function tagValueProblem(key: string, value: string): string | undefined {
  if (value.length > 256)
    return `The value of tag "${key}" is ${value.length} characters; AWS allows 256.`
  if (!TAG_TEXT.test(value)) {
    return `The value of tag "${key}" has characters AWS does not allow (${badChars(value, TAG_CHAR)}).`
  }
  return undefined
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** Kubernetes object names: namespaces are DNS labels, Secrets and workloads DNS subdomains. */
export function kubernetesNameProblem(
  kind: 'namespace' | 'object',
  name: string,
): string | undefined {
  const [pattern, max] = kind === 'namespace' ? [DNS_LABEL, 63] : [DNS_SUBDOMAIN, 253]
  if (name.length > max || !pattern.test(name)) {
    return `"${name}" is not a valid Kubernetes ${kind === 'namespace' ? 'namespace' : 'name'}: lower-case letters, digits and \`-\`${kind === 'object' ? ' or `.`' : ''}, at most ${max}, starting and ending with a letter or digit.`
  }
  return undefined
}

/** The characters of `text` that `char` (a one-character class) rejects, for messages. */
function badChars(text: string, char: RegExp): string {
  const single = wholeOf(char, '')
  const bad = [...new Set(Array.from(text).filter((ch) => !single.test(ch)))]
  return bad.map((ch) => (ch === ' ' ? 'space' : `\`${ch}\``)).join(', ')
}

function wholeOf(char: RegExp, repeat: '+' | '*' | ''): RegExp {
  return new RegExp(`^${char.source}${repeat}$`, char.flags)
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
