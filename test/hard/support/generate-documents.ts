/**
 * Generates the documents of the given meetings in a process of its own, through the same
 * service the server uses, printing `generated <meetingId>` after each. A test kills it midway.
 * Usage: node -r ts-node/register -r tsconfig-paths/register generate-documents.ts <bodyId> <meetingId>…
 * Database and storage come from the environment (DATABASE_URL, DATA_DIR), as for the server.
 */
import 'reflect-metadata';
import { createApp } from 'src/app';
import { loadConfig } from 'src/config/app-config';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';

async function main(): Promise<void> {
  const [bodyId, ...meetingIds] = process.argv.slice(2);
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const app = await createApp(config, config.db.url);
  const documents = app.get(MeetingDocumentsService);
  for (const meetingId of meetingIds) {
    await documents.enqueue(bodyId, meetingId);
    process.stdout.write(`generated ${meetingId}\n`);
  }
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
