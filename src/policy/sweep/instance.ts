/**
 * A concrete ARN for a resource pattern or catalog format: wildcards and placeholders become
 * plain words. Sweeps use it to report a resource one could request; tests, to probe.
 */
export function instanceOf(pattern: string): string {
  if (/^\*+$/.test(pattern)) return '*'
  return pattern
    .replace('${Partition}', 'aws')
    .replace('${Region}', 'us-east-1')
    .replace('${Account}', '111111111111')
    .replace(/\$\{[^}]*\}/g, 'x1')
    .replace(/\*/g, 'x1')
    .replace(/\?/g, 'x')
}
