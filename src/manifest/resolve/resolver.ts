/**
 * Evaluates templates for one environment. Values are computed on demand and memoised, so a
 * reference may point at anything declared anywhere in the file; a reference that leads back to
 * itself is reported once, as a cycle, with the whole loop spelled out.
 */
import {
  iamArn,
  parameterArn,
  partitionOf,
  secretArnPattern,
  type IamResourceKind,
} from '../../model/arn.ts'
import type { DiagnosticCode } from '../../model/diagnostic-codes.ts'
import type { EnvironmentInfo } from '../../model/resolved.ts'
import { didYouMean } from '../../model/suggest.ts'
import type { IdentitySpec } from '../spec/identities.ts'
import type { ManifestSpec } from '../spec/manifest.ts'
import { parseTemplate } from '../template.ts'
import type { Path, SpanPart } from '../yaml-source.ts'

/** Where a problem is: a path, and optionally characters within the string there. */
export interface Site {
  readonly path: Path
  readonly part?: SpanPart
  readonly start?: number
  readonly end?: number
}

export interface ResolveIssue extends Site {
  readonly code: DiagnosticCode
  readonly message: string
  readonly hint?: string
}

export interface TemplateOptions {
  /** Keep IAM policy variables such as `${aws:username}`; only statements may hold them. */
  readonly policyVariables?: boolean
  /** Keep `${key.id}` / `${key.secret}`; only `key.format` may hold them. */
  readonly keyPlaceholders?: boolean
}

export const BUILTINS = ['env', 'region', 'account', 'partition', 'project'] as const
export const RESERVED_NAMES = new Set<string>([...BUILTINS, 'identities', 'policies', 'key', 'var'])
const IDENTITY_ATTRIBUTES = [
  'id',
  'type',
  'name',
  'path',
  'arn',
  'key.store.name',
  'key.store.arn',
  'key.store.type',
]
const POLICY_ATTRIBUTES = ['id', 'name', 'path', 'arn']
const KEY_PLACEHOLDERS = ['key.id', 'key.secret']

export class EnvironmentResolver {
  readonly info: EnvironmentInfo
  private readonly spec: ManifestSpec
  private readonly report: (issue: ResolveIssue) => void
  private readonly memo = new Map<string, string | null>()
  private readonly visiting: string[] = []

  constructor(spec: ManifestSpec, environment: string, report: (issue: ResolveIssue) => void) {
    const env = spec.environments[environment]
    this.spec = spec
    this.report = report
    this.info = {
      name: environment,
      account: env?.account ?? '',
      region: env?.region ?? '',
      partition: partitionOf(env?.region ?? ''),
    }
  }

  /** The string with every placeholder filled in, or undefined when one could not be. */
  template(text: string, site: Site, options: TemplateOptions = {}): string | undefined {
    const parsed = parseTemplate(text)
    if (!parsed.ok) {
      this.report({
        code: 'invalid-template',
        path: site.path,
        ...partOf(site),
        start: parsed.start,
        end: parsed.end,
        message: parsed.message,
        ...(parsed.hint === undefined ? {} : { hint: parsed.hint }),
      })
      return undefined
    }
    let out = ''
    let ok = true
    for (const part of parsed.parts) {
      if (part.kind === 'text') {
        out += part.text
        continue
      }
      const at: Site = { path: site.path, ...partOf(site), start: part.start, end: part.end }
      if (part.kind === 'policy-variable') {
        if (options.policyVariables === true) out += part.text
        else {
          ok = false
          this.report({
            ...at,
            code: 'policy-variable-not-allowed',
            message: `IAM policy variable \`${part.text}\` is only expanded inside policy statements.`,
            hint: 'Use it in `resources` or `conditions`, or write `$${` for a literal `${`.',
          })
        }
        continue
      }
      if (KEY_PLACEHOLDERS.includes(part.name) && options.keyPlaceholders === true) {
        out += `\${${part.name}}`
        continue
      }
      const value = this.symbol(part.name, at)
      if (value === undefined) ok = false
      else out += value
    }
    return ok ? out : undefined
  }

  /** The value of one dotted name, evaluated at most once per environment. */
  symbol(name: string, at: Site): string | undefined {
    const cached = this.memo.get(name)
    if (cached !== undefined) return cached ?? undefined
    const loopStart = this.visiting.indexOf(name)
    if (loopStart !== -1) {
      const loop = [...this.visiting.slice(loopStart), name].map((n) => `\`${n}\``).join(' → ')
      this.report({ ...at, code: 'reference-cycle', message: `Reference cycle: ${loop}.` })
      for (const member of this.visiting.slice(loopStart)) this.memo.set(member, null)
      return undefined
    }
    this.visiting.push(name)
    const value = this.evaluate(name, at)
    this.visiting.pop()
    if (!this.memo.has(name)) this.memo.set(name, value ?? null)
    return this.memo.get(name) ?? undefined
  }

  private evaluate(name: string, at: Site): string | undefined {
    const [head, ...rest] = name.split('.')
    const attribute = rest.slice(1).join('.')
    switch (head) {
      case 'env':
      case 'region':
      case 'account':
      case 'partition':
        return rest.length === 0
          ? this.info[head === 'env' ? 'name' : head]
          : this.noSuchName(name, at)
      case 'project':
        return rest.length === 0 ? this.spec.project : this.noSuchName(name, at)
      case 'identities':
        return this.identityAttribute(rest[0], attribute, name, at)
      case 'policies':
        return this.policyAttribute(rest[0], attribute, name, at)
      case 'key':
        return this.misplacedKey(name, at)
      default:
        return rest.length === 0 ? this.variable(name, at) : this.noSuchName(name, at)
    }
  }

  private variable(name: string, at: Site): string | undefined {
    const envVars = this.spec.environments[this.info.name]?.vars
    const own = envVars?.[name]
    // A variable may carry an IAM policy variable (`home/${aws:username}`) into a statement;
    // where it lands outside one, the name, tag and store rules reject the `$` and braces.
    const keep = { policyVariables: true }
    if (own !== undefined && Object.hasOwn(envVars ?? {}, name)) {
      return this.template(own, { path: ['environments', this.info.name, 'vars', name] }, keep)
    }
    const shared = this.spec.vars?.[name]
    if (shared !== undefined && Object.hasOwn(this.spec.vars ?? {}, name)) {
      return this.template(shared, { path: ['vars', name] }, keep)
    }
    const known = [...BUILTINS, ...Object.keys(this.spec.vars ?? {}), ...Object.keys(envVars ?? {})]
    const suggestion = didYouMean(name, known)
    this.report({
      ...at,
      code: 'undefined-variable',
      message: `Variable \`${name}\` is not defined for environment \`${this.info.name}\`.`,
      hint:
        suggestion ??
        `Define it under \`environments.${this.info.name}.vars\`, or in the top-level \`vars\` for every environment.`,
    })
    return undefined
  }

  private identityAttribute(
    id: string | undefined,
    attribute: string,
    name: string,
    at: Site,
  ): string | undefined {
    const identity = this.entry('identities', id, this.spec.identities, at)
    if (identity === undefined) return undefined
    if (attribute === 'type') return identity.spec.type
    if (attribute.startsWith('key.store.')) {
      return this.storeAttribute(identity.spec, identity.id, attribute, name, at)
    }
    const kind = identity.spec.type
    return this.namedAttribute(
      'identities',
      identity,
      kind,
      attribute,
      name,
      IDENTITY_ATTRIBUTES,
      at,
    )
  }

  private policyAttribute(
    id: string | undefined,
    attribute: string,
    name: string,
    at: Site,
  ): string | undefined {
    const policy = this.entry('policies', id, this.spec.policies ?? {}, at)
    if (policy === undefined) return undefined
    return this.namedAttribute('policies', policy, 'policy', attribute, name, POLICY_ATTRIBUTES, at)
  }

  /** The declared entry with this logical id, or undefined after reporting that there is none. */
  private entry<S>(
    section: 'identities' | 'policies',
    id: string | undefined,
    entries: Readonly<Record<string, S>>,
    at: Site,
  ): { id: string; spec: S } | undefined {
    const spec = id === undefined || !Object.hasOwn(entries, id) ? undefined : entries[id]
    if (id !== undefined && spec !== undefined) return { id, spec }
    return this.unknownEntry(section, id, Object.keys(entries), at)
  }

  /** `id`, `name`, `path` and `arn`, which identities and managed policies share. */
  private namedAttribute(
    section: 'identities' | 'policies',
    entry: { id: string; spec: { name?: string; path?: string } },
    kind: IamResourceKind,
    attribute: string,
    name: string,
    known: readonly string[],
    at: Site,
  ): string | undefined {
    const { id, spec } = entry
    const base: Path = [section, id]
    switch (attribute) {
      case 'id':
        return id
      case 'name':
        return this.template(spec.name ?? id, nameSite(base, spec.name))
      case 'path':
        return this.template(spec.path ?? '/', { path: [...base, 'path'] })
      case 'arn': {
        const physical = this.symbol(`${section}.${id}.name`, { path: base })
        const path = this.symbol(`${section}.${id}.path`, { path: base })
        if (physical === undefined || path === undefined) return undefined
        return iamArn(this.info.partition, this.info.account, kind, path, physical)
      }
      default:
        return this.unknownAttribute(name, attribute, known, at)
    }
  }

  private storeAttribute(
    identity: IdentitySpec,
    id: string,
    attribute: string,
    name: string,
    at: Site,
  ): string | undefined {
    const store = identity.type === 'user' ? identity.key?.store : undefined
    if (store === undefined) {
      this.report({
        ...at,
        code: 'unknown-reference',
        message: `\`${name}\`: identity \`${id}\` has no \`key\`, so it has no store.`,
      })
      return undefined
    }
    if (attribute === 'key.store.type') return store.type
    const storeName = this.template(store.name, {
      path: ['identities', id, 'key', 'store', 'name'],
    })
    if (storeName === undefined || attribute === 'key.store.name') return storeName
    if (attribute !== 'key.store.arn')
      return this.unknownAttribute(name, attribute, IDENTITY_ATTRIBUTES, at)
    const { partition, region, account } = this.info
    return store.type === 'secretsmanager'
      ? secretArnPattern(partition, region, account, storeName)
      : parameterArn(partition, region, account, storeName)
  }

  private unknownEntry(
    section: 'identities' | 'policies',
    id: string | undefined,
    known: readonly string[],
    at: Site,
  ): undefined {
    const hint = id === undefined ? undefined : didYouMean(id, known)
    this.report({
      ...at,
      code: 'unknown-reference',
      message:
        id === undefined
          ? `\`${section}\` needs a logical id and an attribute, e.g. \`${section}.name.arn\`.`
          : `\`${section}.${id}\` is not declared.`,
      ...(hint === undefined ? {} : { hint }),
    })
    return undefined
  }

  private unknownAttribute(
    name: string,
    attribute: string,
    known: readonly string[],
    at: Site,
  ): undefined {
    this.report({
      ...at,
      code: 'unknown-reference',
      message:
        attribute === ''
          ? `\`${name}\` needs an attribute.`
          : `\`${name}\`: no attribute \`${attribute}\`.`,
      hint:
        didYouMean(attribute, known) ?? `Attributes: ${known.map((k) => `\`${k}\``).join(', ')}.`,
    })
    return undefined
  }

  private noSuchName(name: string, at: Site): undefined {
    this.report({
      ...at,
      code: 'unknown-reference',
      message: `\`${name}\` is not something keyward knows.`,
    })
    return undefined
  }

  private misplacedKey(name: string, at: Site): undefined {
    if (KEY_PLACEHOLDERS.includes(name)) {
      this.report({
        ...at,
        code: 'key-reference-outside-format',
        message: `\`\${${name}}\` is only filled in \`key.format\`, at mint time.`,
        hint: 'The key never appears anywhere else, so nothing else can refer to it.',
      })
    } else {
      this.report({
        ...at,
        code: 'unknown-reference',
        message: `\`${name}\` is not a key placeholder.`,
        hint:
          didYouMean(name, KEY_PLACEHOLDERS) ??
          'Use `${key.id}` or `${key.secret}` in `key.format`.',
      })
    }
    return undefined
  }
}

/** A defaulted name comes from the logical id, so problems with it point at the id. */
export function nameSite(base: Path, declared: string | undefined): Site {
  return declared === undefined ? { path: base, part: 'key' } : { path: [...base, 'name'] }
}

function partOf(site: Site): { part?: SpanPart } {
  return site.part === undefined ? {} : { part: site.part }
}
