import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { demoPasswordHashes, DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { DEMO_ACCOUNT_EMAILS, generateMunicipality } from 'src/demo/demo-generator';
import { demoTownProfile } from 'src/demo/demo-profile';
import { writeMunicipalityIfEmpty } from 'src/demo/demo-writer.repository';
import { Random } from 'src/demo/random';

const logger = new Logger('Demo');

/** The demo town's body id: the first id its seeded generator draws, the same in every installation. */
export function demoTownBodyId(): string {
  return new Random(demoTownProfile(1).seed).uuid();
}

/** Loads the demo town into a database without any body; a database with bodies is left alone. */
export async function loadDemoIfEmpty(databaseUrl: string, config: AppConfig, now: Date = new Date()): Promise<void> {
  const profile = demoTownProfile(1);
  const loaded = await writeMunicipalityIfEmpty(databaseUrl, async () =>
    // Ten months back, two ahead: the demo always looks current.
    generateMunicipality(profile, {
      now,
      years: 1,
      // Invitations and minutes come from the document pipeline once the server runs (DemoDocumentsService).
      meetingDocuments: 'generated',
      passwordHashes: await demoPasswordHashes(config.auth.argon2MemoryKib),
    }),
  );
  if (!loaded) return;
  const { rows, written } = loaded;
  const emails = DEMO_ACCOUNT_EMAILS(profile.key);
  logger.log(`Loaded the demo town ${rows.body.name} (${written} rows)`);
  // Printed plainly once, so whoever started the server can log in.
  console.log(
    `\nDemo-Zugänge für ${rows.body.name} (/${profile.key}):\n` +
      `  Sitzungsdienst: ${emails.admin} / ${DEMO_PASSWORDS.admin}\n` +
      `  Ratsmitglied:   ${emails.member} / ${DEMO_PASSWORDS.member}\n`,
  );
}
