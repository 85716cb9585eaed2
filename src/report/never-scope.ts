/** How every report words the resources of a `never`: "on X", or "anywhere but X" for `notResources`. */
export function neverScope(
  never: { readonly resources: readonly string[]; readonly notResources?: readonly string[] },
  show: (resources: readonly string[]) => string = (r) => r.join(', '),
): string {
  return never.notResources === undefined
    ? `on ${show(never.resources)}`
    : `anywhere but ${show(never.notResources)}`
}
