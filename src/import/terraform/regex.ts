/**
 * Terraform's regular expressions are Go's RE2; the common subset maps onto JavaScript's once
 * named groups (`(?P<name>…)`) and leading flag groups (`(?i)`) are rewritten.
 */
export function compileRegex(pattern: string, global: boolean): RegExp | string {
  let source = pattern.replace(/\(\?P</g, '(?<')
  let flags = global ? 'gu' : 'u'
  const leading = /^\(\?([imsU]+)\)/.exec(source)
  if (leading !== null) {
    const wanted = leading[1] ?? ''
    if (wanted.includes('U')) return 'the (?U) flag is not supported'
    for (const flag of wanted) if (!flags.includes(flag)) flags += flag
    source = source.slice(leading[0].length)
  }
  try {
    return new RegExp(source, flags)
  } catch (error) {
    return error instanceof SyntaxError ? error.message : `invalid regular expression ${pattern}`
  }
}

/** Go's `$1`/`${1}`/`${name}` replacement syntax in JavaScript's. */
export function replacementOf(replacement: string): string {
  return replacement.replace(
    /\$\{(\w+)\}|\$(\d+)|\$(\$)?/g,
    (whole, braced?: string, digits?: string, dollar?: string) => {
      if (braced !== undefined) return /^\d+$/.test(braced) ? `$${braced}` : `$<${braced}>`
      if (digits !== undefined) return `$${digits}`
      return dollar === undefined ? (whole === '$' ? '$$' : whole) : '$$'
    },
  )
}
