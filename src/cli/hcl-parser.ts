/**
 * Loads tree-sitter's WebAssembly runtime and the Terraform grammar once per process and hands
 * out a {@link ParseHcl} over them; the rest of the importer stays free of I/O.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Language, Parser } from 'web-tree-sitter'
import { hclFileFromTree } from '../import/hcl/from-tree.ts'
import type { HclFile, ParseHcl } from '../import/hcl/syntax.ts'
import type { SourceFile } from '../import/terraform/config.ts'
import { InternalError } from '../errors.ts'

let loading: Promise<ParseHcl> | undefined

/** A parser for `.tf` and `.tfvars` files; the grammar is loaded on the first call only. */
export function loadHclParser(): Promise<ParseHcl> {
  loading ??= load()
  return loading
}

function bytesOf(specifier: string): Uint8Array {
  return readFileSync(fileURLToPath(import.meta.resolve(specifier)))
}

async function load(): Promise<ParseHcl> {
  try {
    await Parser.init({ wasmBinary: bytesOf('web-tree-sitter/web-tree-sitter.wasm') })
    const grammarDir = new URL(
      '.',
      import.meta.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'),
    )
    const language = await Language.load(
      readFileSync(new URL('tree-sitter-terraform.wasm', grammarDir)),
    )
    const parser = new Parser()
    parser.setLanguage(language)
    return (original: SourceFile): HclFile => {
      // Lines end in \n alone from here on, so heredocs read the same whichever way a file was saved.
      const file = { path: original.path, text: original.text.replace(/\r\n/g, '\n') }
      const tree = parser.parse(file.text)
      if (tree === null) throw new InternalError(`tree-sitter returned no tree for ${file.path}`)
      try {
        return hclFileFromTree(file, tree.rootNode)
      } finally {
        tree.delete()
      }
    }
  } catch (error) {
    loading = undefined
    throw new InternalError(
      'could not load the Terraform grammar (tree-sitter-terraform.wasm)',
      error,
    )
  }
}
