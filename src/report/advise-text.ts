/** `keyward advise` for a person: each proposal, the manifest entry to paste, what goes away. */
import { stringify } from 'yaml'
import type { Advice } from '../manifest/advise.ts'
import type { Style } from './style.ts'

export function formatAdvice(file: string, advice: readonly Advice[], style: Style): string {
  if (advice.length === 0) return `${file}: no user with a key; nothing to advise.\n`
  return advice.map((a) => formatOne(file, a, style)).join('\n')
}

function formatOne(file: string, a: Advice, style: Style): string {
  const indent = (text: string, by: string) =>
    text
      .trimEnd()
      .split('\n')
      .map((line) => `${by}${line}`)
      .join('\n')
  const lines = [
    `${style.bold(a.identity)} → ${a.replacement === undefined ? 'a role, perhaps' : 'role'} (${a.confidence})`,
    indent(wrap(a.summary, 94), '  '),
  ]
  if (a.replacement !== undefined) {
    lines.push(`  Replace identities.${a.identity} in ${file} with:`, '')
    lines.push(indent(stringify({ [a.identity]: a.replacement }, { lineWidth: 0 }), '    '), '')
  }
  if (a.vars !== undefined) {
    lines.push('  Add to each environment’s vars:')
    for (const [name, what] of Object.entries(a.vars)) lines.push(`    ${name}: ${what}`)
  }
  lines.push('  This removes:', ...a.removes.map((r) => `    - ${r}`))
  lines.push('  It needs:', ...a.requires.map((r) => indent(wrap(`- ${r}`, 90), '    ')))
  return `${lines.join('\n')}\n`
}

function wrap(text: string, width: number): string {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + word.length + 1 > width) {
      out.push(line)
      line = `  ${word}`
    } else line = line.length === 0 ? word : `${line} ${word}`
  }
  if (line.length > 0) out.push(line)
  return out.join('\n')
}
