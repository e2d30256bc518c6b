import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Person } from 'src/persons/person.entity';
import { Vote } from 'src/votes/vote.entity';

export enum VoteChoice {
  Yes = 'yes',
  No = 'no',
  Abstain = 'abstain',
}

/** One person's vote in a roll-call vote. */
@Entity()
@Index(['voteId', 'personId'], { unique: true, where: 'deleted IS NULL' })
export class VoteCast extends TenantEntity {
  @Index()
  @Column('uuid')
  voteId: string;

  @ManyToOne(() => Vote, { onDelete: 'CASCADE' })
  @JoinColumn()
  vote?: Vote;

  @Index()
  @Column('uuid')
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Person;

  @Column({ type: 'enum', enum: VoteChoice })
  choice: VoteChoice;
}
