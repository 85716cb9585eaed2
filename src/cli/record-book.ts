import { AwsJournalPort } from '../aws/rotation-journal.ts'
import type { AwsSession } from '../aws/session.ts'
import { RecordBook } from '../keys/record-book.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { journalName } from '../model/rotation-journal.ts'

/** The environment's rotation journal, read once for the run (rotate, status). */
export async function openRecordBook(
  session: AwsSession,
  env: ResolvedEnvironment,
): Promise<RecordBook> {
  const owner = { project: env.project, environment: env.environment.name }
  const port = new AwsJournalPort(
    session,
    journalName(owner),
    `${owner.project}/${owner.environment}`,
  )
  return new RecordBook(port, await port.readJournal())
}
