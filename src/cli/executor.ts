/**
 * What runs each plan step: most go straight to AWS (src/aws/perform.ts); a mint runs the key
 * protocol (src/keys/mint.ts) on the AWS key port. Its progress comes back as short notes that
 * name keys by their last four characters.
 */
import { AwsKeyPort } from '../aws/key-port.ts'
import { performStep } from '../aws/perform.ts'
import type { AwsSession } from '../aws/session.ts'
import type { StepRunner } from '../apply/run.ts'
import { mintKey, type MintEvent } from '../keys/mint.ts'

export function awsRunner(session: AwsSession): StepRunner {
  const port = new AwsKeyPort(session)
  return async (step, note) => {
    if (step.kind !== 'mint-key') return performStep(session, step)
    await mintKey(port, step, (event) => note(describe(event)))
  }
}

function describe(event: MintEvent): string {
  switch (event.kind) {
    case 'orphan-deleted':
      return `deleted key ${event.key}, left by a mint that was cut short`
    case 'created':
      return `created key ${event.key}`
    case 'stored':
      return `stored key ${event.key} in ${event.store}`
    case 'retired':
      return `deleted key ${event.key}, which the new key replaces`
    case 'resumed':
      return `key ${event.key} was stored by an earlier run; finishing its cleanup`
  }
}
