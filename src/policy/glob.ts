/**
 * IAM's wildcards: `*` matches any run of characters (including none), `?` exactly one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?')
}

/** A whole-string matcher for an IAM pattern; `flags` = 'i' for actions, which ignore case. */
export function globToRegExp(pattern: string, flags = ''): RegExp {
  let source = ''
  for (const ch of pattern) {
    if (ch === '*') source += '.*'
    else if (ch === '?') source += '.'
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, `${flags}s`)
}
