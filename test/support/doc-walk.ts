/**
 * A documentation page as a script: its ```yaml manifests are written to `keyward.yaml` as the
 * reader would, in order, and each ```sh command is run against a moto account and compared
 * with the ```text block after it. Key ids (`…7QXA`), timings, key ages and call counts vary from run to
 * run, so they are compared by shape.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestAccount } from './account.ts'

export type Segment =
  | { readonly kind: 'manifest'; readonly text: string }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly expected: string }

export function segments(page: string): Segment[] {
  const out: Segment[] = []
  const blocks = /```yaml\n([\s\S]*?)```|```sh\n([^`]*)```\s*```text\n([\s\S]*?)```/g
  for (const m of page.matchAll(blocks)) {
    if (m[1] !== undefined) {
      if (/^version: 1$/m.test(m[1])) out.push({ kind: 'manifest', text: m[1] })
    } else {
      const argv = (m[2] ?? '')
        .replace(/\\\n\s*/g, ' ')
        .trim()
        .split(/\s+/)
        .slice(1)
      out.push({ kind: 'command', argv, expected: m[3] ?? '' })
    }
  }
  return out
}

export function normalize(text: string): string {
  return (
    text
      .replace(/…[A-Z0-9]{4}\b/g, '…XXXX')
      .replace(/\(\d+\.\ds\)/g, '(0.0s)')
      .replace(/in \d+\.\ds\./g, 'in 0.0s.')
      // A key apply minted is aged by the real clock, the page's dates by --clock.
      .replace(/\d+ days old/g, 'N days old')
      .replace(/ +\d+d old {2}(never used|last used \S+( ago)?)/g, ' Nd old  $1')
      .trimEnd()
  )
}

/** Runs a command of the page in the account's scratch directory; file names are relative. */
export async function runCommand(a: TestAccount, argv: readonly string[]): Promise<string> {
  const inDir = argv.map((arg) => (/\.(ya?ml|json)$/.test(arg) ? join(a.dir, arg) : arg))
  const result = await a.keyward(inDir)
  return result.stdout.replaceAll(`${a.dir}/`, '')
}

export function writeManifest(a: TestAccount, text: string): void {
  writeFileSync(join(a.dir, 'keyward.yaml'), text)
}
