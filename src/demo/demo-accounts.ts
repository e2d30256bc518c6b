import { hash } from '@node-rs/argon2';

/** Fixed, documented passwords of the demo logins: demo data is public, so these are too. */
export const DEMO_PASSWORDS = { admin: 'demo-verwaltung-2026', member: 'demo-ratsmitglied-2026' } as const;

export async function demoPasswordHashes(memoryCost: number): Promise<{ admin: string; member: string }> {
  const options = { memoryCost, timeCost: 2, parallelism: 1 };
  const [admin, member] = await Promise.all([hash(DEMO_PASSWORDS.admin, options), hash(DEMO_PASSWORDS.member, options)]);
  return { admin, member };
}
