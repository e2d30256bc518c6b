import { AppConfig } from 'src/config/app-config';

/** Placeholder until the demo generator lands: loads the demo municipality into an empty database. */
export async function loadDemoIfEmpty(_databaseUrl: string, _config: AppConfig): Promise<void> {}
