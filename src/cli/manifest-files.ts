import { mkdir } from 'node:fs/promises'
import { UsageError } from '../errors.ts'
import { loadManifest, type Manifest, type ManifestSource } from '../manifest/load.ts'
import { formatDiagnostic, plural, summarize } from '../report/diagnostics.ts'
import { COLOR, PLAIN } from '../report/style.ts'
import type { Io } from './io.ts'

export const DEFAULT_MANIFEST = 'keyward.yaml'

/** Reads a manifest file, turning the usual failures into errors a person can act on. */
export async function readManifest(io: Io, file: string): Promise<ManifestSource> {
  try {
    return { file, text: await io.readFile(file) }
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    if (code === 'ENOENT') {
      throw new UsageError(
        'file-not-found',
        `No such file: ${file}`,
        file === DEFAULT_MANIFEST
          ? 'Pass the manifest to use, e.g. `keyward validate examples/tomoda.yaml`.'
          : 'Check the path.',
      )
    }
    const reason =
      code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : String(code ?? error)
    throw new UsageError('file-unreadable', `Cannot read ${file}: ${reason}.`)
  }
}

/** Writes a file the user named (a saved plan, a report), with errors a person can act on. */
export async function writeOutput(io: Io, file: string, text: string): Promise<void> {
  try {
    await io.writeFile(file, text)
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    const reason =
      code === 'ENOENT'
        ? 'its directory does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : String(code ?? error)
    throw new UsageError('file-unwritable', `Cannot write ${file}: ${reason}.`)
  }
}

/** A valid manifest, or an abort listing every error with its file and line. */
export async function loadValidManifest(
  io: Io,
  file: string,
  verb: string,
): Promise<{ readonly source: ManifestSource; readonly manifest: Manifest }> {
  const source = await readManifest(io, file)
  const result = await loadManifest(source)
  const style = io.color ? COLOR : PLAIN
  if (result.kind === 'invalid') {
    for (const d of result.diagnostics.filter((d) => d.severity === 'error'))
      io.stderr(`${formatDiagnostic(d, source.text, style)}\n\n`)
    throw new UsageError(
      'invalid-manifest',
      `${source.file} has ${plural(summarize(result.diagnostics).errors, 'error')}; nothing was ${verb}.`,
      `Fix them (\`keyward validate ${source.file}\` lists them all), then try again.`,
    )
  }
  return { source, manifest: result.manifest }
}

/**
 * Writes files into a directory, creating it first (`render --out DIR`); returns their paths in
 * order. A directory that cannot be made stops the command before any file is written.
 */
export async function writeFilesIn(
  io: Io,
  dir: string,
  files: readonly (readonly [string, string])[],
): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    throw new UsageError('file-unwritable', `Cannot create ${dir}: ${String(code ?? error)}.`)
  }
  for (const [path, text] of files) await writeOutput(io, path, text)
  return files.map(([path]) => path)
}
