import { readFile } from 'node:fs/promises'

/** keyward's version, from its package.json: in --version, help, and the reports that name it. */
export async function version(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}
