import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last number drawn per body and reference prefix ("BV/2026/"): one counter per type and year. */
@Entity()
export class PaperReferenceSequence {
  @PrimaryColumn('uuid')
  bodyId: string;

  @PrimaryColumn('text')
  prefix: string;

  @Column({ type: 'int' })
  lastValue: number;
}
