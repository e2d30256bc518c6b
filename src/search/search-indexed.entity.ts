import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When each document was last read for the index, as the xmin of the snapshot it was read
 * under: every transaction below it had finished, so each committed change of a lower xid is in
 * what was read. An outbox row of such a change that expands to this document needs no second
 * indexing. After a bulk load a paper is otherwise indexed again for each of its agenda items,
 * its meeting and the meeting's committees, whose rows all reach the same document.
 */
@Entity()
export class SearchIndexed {
  @PrimaryColumn({ type: 'text' })
  kind: string;

  @PrimaryColumn('uuid')
  objectId: string;

  @Column({ type: 'bigint' })
  snapshotXmin: string;
}
