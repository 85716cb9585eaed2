import { UsageError } from '../errors.ts'
import type { ManifestSource } from '../manifest/load.ts'
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
