import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { ProofOfWorkUse } from 'src/participation/proof-of-work-use.entity';

/** The spent proof-of-work challenges: the only code that reads and writes their table. */
@Injectable()
export class ProofOfWorkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Spends the challenge on the submission with this fingerprint, in the submission's transaction
   * (a rollback gives it back). False when it was already spent on another submission.
   */
  async spend(tx: Tx, signature: string, fingerprint: string, now: Date, expiredBefore: Date): Promise<boolean> {
    const manager = managerOf(this.dataSource, tx);
    await manager.getRepository(ProofOfWorkUse).delete({ usedAt: LessThan(expiredBefore) });
    const rows = await manager.query<{ fingerprint: string }[]>(
      `INSERT INTO proof_of_work_use (signature, fingerprint, used_at) VALUES ($1, $2, $3)
       ON CONFLICT (signature) DO UPDATE SET used_at = proof_of_work_use.used_at
       RETURNING fingerprint`,
      [signature, fingerprint, now],
    );
    return rows[0]?.fingerprint === fingerprint;
  }
}
