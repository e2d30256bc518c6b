import { Injectable } from '@nestjs/common';
import type { Tx } from 'src/common/unit-of-work';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { ProofOfWorkRepository } from 'src/participation/proof-of-work.repository';

/** An ALTCHA challenge as altcha-lib creates it and the widget solves it. */
export interface Challenge {
  parameters: Record<string, unknown>;
  signature?: string;
}
export interface Solution {
  counter: number;
  derivedKey: string;
}
type DeriveKey = (...args: never[]) => unknown;

/**
 * The part of altcha-lib used here. Its types are those of its ES module build, which TypeScript
 * will not import from CommonJS; Node and jest load its CommonJS build through require().
 */
interface AltchaLib {
  createChallenge(
    this: void,
    options: {
      algorithm: string;
      cost: number;
      counter: number;
      deriveKey: DeriveKey;
      hmacSignatureSecret: string;
      expiresAt: Date;
    },
  ): Promise<Challenge>;
  randomInt(this: void, min: number, max: number): number;
  verifySolution(
    this: void,
    options: {
      challenge: Challenge;
      solution: Solution;
      deriveKey: DeriveKey;
      hmacSignatureSecret: string;
    },
  ): Promise<{ verified: boolean }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createChallenge, randomInt, verifySolution } = require('altcha-lib') as AltchaLib;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deriveKey } = require('altcha-lib/algorithms/sha') as { deriveKey: DeriveKey };

export const PROOF_FAILED_MESSAGE =
  'Die Prüfung „Ich bin kein Roboter“ ist fehlgeschlagen. Bitte warten Sie, bis sie abgeschlossen ist, und senden Sie erneut.';
export const PROOF_SPENT_MESSAGE =
  'Diese Prüfung „Ich bin kein Roboter“ wurde schon für eine andere Eingabe verwendet. Bitte warten Sie, bis die neue Prüfung abgeschlossen ist, und senden Sie erneut.';

/** How long a form's challenge may be solved and sent. */
const CHALLENGE_MINUTES = 60;

/**
 * The proof-of-work of the residents' forms (ALTCHA): the server signs a challenge with its HMAC
 * key, the browser searches the counter that solves it, the server checks the solution. Costs a
 * person's browser a moment, a script sending thousands of forms a lot.
 */
@Injectable()
export class ProofOfWork {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly spent: ProofOfWorkRepository,
  ) {}

  challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(5_000, 50_000),
      deriveKey,
      hmacSignatureSecret: this.config.participation.altchaHmacKey,
      expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
    });
  }

  /**
   * The signature of the challenge the widget's payload (base64 JSON of challenge and solution)
   * solves, when it is one of ours and solved; null otherwise. The caller spends it with the
   * submission (`spend`).
   */
  async verify(payload: string): Promise<string | null> {
    let parsed: { challenge?: Challenge; solution?: Solution };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as typeof parsed;
    } catch {
      return null;
    }
    if (!parsed || typeof parsed !== 'object' || !parsed.challenge?.parameters || !parsed.solution) return null;
    const signature = parsed.challenge.signature;
    if (typeof signature !== 'string' || !signature) return null;
    try {
      const result = await verifySolution({
        challenge: parsed.challenge,
        solution: parsed.solution,
        deriveKey,
        hmacSignatureSecret: this.config.participation.altchaHmacKey,
      });
      return result.verified ? signature : null;
    } catch {
      return null;
    }
  }

  /**
   * Spends a verified challenge on one submission, inside the transaction that stores it. The same
   * submission again (a retry after an outage, a double click) may send it again; other content
   * may not: false.
   */
  spend(tx: Tx, signature: string, fingerprint: string, now: Date): Promise<boolean> {
    const expiredBefore = new Date(now.getTime() - (CHALLENGE_MINUTES + 5) * 60_000);
    return this.spent.spend(tx, signature, fingerprint, now, expiredBefore);
  }
}
