/**
 * `npm run generate`: writes the files derived from the code — the manifest's JSON Schema and
 * the diagnostics reference — so they can never drift (tests compare them with the code).
 */
import { writeFileSync } from 'node:fs'
import { manifestJsonSchema } from '../src/manifest/json-schema.ts'
import { diagnosticsReference } from './diagnostics-reference.ts'

writeFileSync('schema/keyward.schema.json', `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`)
writeFileSync('docs/diagnostics.md', diagnosticsReference())
