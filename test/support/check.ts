/** Checks a manifest file as `keyward check` does, optionally edited first (a broadened variant). */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import type { CheckResult } from '../../src/analyze/check-result.ts'
import { runCheck } from '../../src/analyze/check.ts'
import { loadManifest } from '../../src/manifest/load.ts'

export async function checkFile(
  file: string,
  edit: (text: string) => string = (t) => t,
): Promise<CheckResult> {
  const text = edit(await readFile(file, 'utf8'))
  const loaded = await loadManifest({ file, text })
  assert.equal(loaded.kind, 'valid', JSON.stringify(loaded.diagnostics.slice(0, 3)))
  return runCheck({
    file,
    project: loaded.manifest.spec.project,
    environments: [...loaded.manifest.environments.values()],
  })
}
