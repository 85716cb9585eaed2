import type { JsonSchema } from './schema/core.ts'
import { manifest } from './spec/manifest.ts'

export const SCHEMA_ID = 'https://keyward.dev/schema/keyward.schema.json'

/**
 * The JSON Schema (draft-07) of the manifest, generated from the same definitions validation
 * uses. Editors pick it up through `# yaml-language-server: $schema=…`.
 */
export function manifestJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'keyward manifest',
    ...manifest.toJsonSchema(),
  }
}
