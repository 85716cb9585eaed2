/**
 * The intent a mint records on its store before CreateAccessKey: which of the user's keys
 * existed before (so any other key found later is the orphan of a mint cut short, and keyward's
 * to delete), and which recorded key the new one replaces. Written as a tag value, so only
 * characters AWS allows in tags: letters, digits, spaces and `+ - = . _ : / @`.
 */
export interface MintIntent {
  readonly prior: readonly string[]
  readonly retire?: string
}

export function encodeIntent(intent: MintIntent): string {
  const retire = intent.retire === undefined ? '' : ` retire=${intent.retire}`
  return `prior=${intent.prior.join('+')}${retire}`
}

const KEY_ID = /^[A-Z0-9]{16,128}$/

/** The intent a tag holds, or undefined when it is not one (edited by hand, another version). */
export function decodeIntent(value: string | undefined): MintIntent | undefined {
  if (value === undefined) return undefined
  const match = /^prior=([A-Z0-9+]*)(?: retire=([A-Z0-9]+))?$/.exec(value)
  if (match === null) return undefined
  const prior = match[1] === '' || match[1] === undefined ? [] : match[1].split('+')
  const retire = match[2]
  if (!prior.every((id) => KEY_ID.test(id)) || (retire !== undefined && !KEY_ID.test(retire)))
    return undefined
  return retire === undefined ? { prior } : { prior, retire }
}
