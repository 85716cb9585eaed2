/**
 * JSON for people: an array or object goes on one line when that line fits, so a policy reads
 * `"Action": ["s3:PutObject", "s3:PutObjectAcl"]` instead of one value per line. The text is
 * still exactly the JSON of the value.
 */
export function compactJson(value: unknown, width = 96): string {
  return render(value, 0, 0, width)
}

/** `indent`: where this block's lines start; `column`: where the value starts on its first line. */
function render(value: unknown, indent: number, column: number, width: number): string {
  const flat = oneLine(value)
  if (value === null || typeof value !== 'object' || column + flat.length <= width) return flat
  const pad = ' '.repeat(indent + 2)
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => pad + render(item, indent + 2, indent + 2, width))
    return `[\n${items.join(',\n')}\n${' '.repeat(indent)}]`
  }
  const entries = Object.entries(value).map(([key, item]) => {
    const label = `${JSON.stringify(key)}: `
    return pad + label + render(item, indent + 2, indent + 2 + label.length, width)
  })
  return `{\n${entries.join(',\n')}\n${' '.repeat(indent)}}`
}

/** One-line JSON with spaces after `,` and `:`, following JSON.stringify's rules for undefined. */
function oneLine(value: unknown): string {
  if (value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map((item: unknown) => oneLine(item)).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`)
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
  }
  return JSON.stringify(value)
}
