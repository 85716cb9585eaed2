/**
 * The value a store holds: the manifest's `format` with `${key.id}` and `${key.secret}` filled
 * in. Returned as {@link Sensitive}, so the filled text cannot be printed by mistake.
 */
import type { MintedKey } from '../model/ports.ts'
import type { KeyFormat } from '../model/resolved.ts'
import { Sensitive } from '../model/sensitive.ts'

export function renderStoreValue(format: KeyFormat, key: MintedKey): Sensitive {
  const fill = (text: string) =>
    text.replaceAll('${key.id}', key.id).replaceAll('${key.secret}', key.secret.reveal())
  if (format.kind === 'text') return new Sensitive(fill(format.template))
  const fields = Object.fromEntries(
    Object.entries(format.fields).map(([name, template]) => [name, fill(template)]),
  )
  return new Sensitive(JSON.stringify(fields))
}
