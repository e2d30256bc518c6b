import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const MANAGER = Symbol('transaction');

/**
 * A transaction under way, as services hand it to the repositories they call. Only a repository
 * (or the infrastructure in src/database) can reach the connection inside; a service can do
 * nothing with it but pass it on, so every statement is written by the repository that owns
 * the table.
 */
export interface Tx {
  readonly [MANAGER]: EntityManager;
}

/** Wraps a transaction's EntityManager for the services between repositories. */
export function txOf(manager: EntityManager): Tx {
  return { [MANAGER]: manager };
}

function isTx(value: Tx | EntityManager): value is Tx {
  return MANAGER in value;
}

/**
 * For repositories: the EntityManager of the caller's transaction, or the connection's own
 * outside one. An EntityManager is still accepted from callers not yet moved to Tx.
 */
export function managerOf(dataSource: DataSource, tx?: Tx | EntityManager): EntityManager {
  if (!tx) return dataSource.manager;
  return isTx(tx) ? tx[MANAGER] : tx;
}

/**
 * One use case, one transaction: everything written through the repositories with the `tx` it is
 * given commits together, or nothing does.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(txOf(manager)));
  }
}
