import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search across the installation reads the newest matches of a common word window by window
 * of weeks. Through the week keys of SearchBodyWeekIndex each window's lookup intersected the
 * word's whole posting list with every body's rows of those weeks: about 10,000 rows a week at
 * 418 bodies, 11 ms a lookup however few of them matched, four lookups a search.
 *
 * This index holds a key for each lexeme of a row and the row's week (search_week_keys): a
 * window asks for the keys of its words and weeks, and its lookup costs what those matches
 * cost, 2 ms for ten weeks of „Fraktion Sitzbänke“. The lexeme is hashed to 32 bits, so two
 * lexemes may share a key: the search checks each row against its query all the same.
 *
 * It holds the public rows, whose searches span the installation; the office and the members
 * search their own bodies. At 418 bodies (5 million public rows) it took 47 s to build (with
 * 1 GB of maintenance_work_mem) and holds 518 MB: each key lists few rows, which compress less
 * than a word's list of all its rows. Short pending lists for the reason given in
 * SearchBodyWeekIndex.
 *
 * The key must match `lexemeWeekKeys` in src/search/postgres-search.repository.ts.
 */
export class SearchLexemeWeekIndex1797200000000 implements MigrationInterface {
  name = 'SearchLexemeWeekIndex1797200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      // Restricted to the leader of a parallel query, though it would be safe anywhere: with no
      // estimate of how few rows a window's keys select, the planner ran each lookup of 0.1 ms
      // with two parallel workers, which took 3 ms to start.
      `CREATE FUNCTION search_week_keys(vector tsvector, day date) RETURNS int8[] LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED AS
       $$ SELECT array_agg((hashtext(l)::int8 << 20) | coalesce((day - DATE '1900-01-01') / 7, 999999)) FROM unnest(tsvector_to_array(vector)) l $$`,
    );
    await queryRunner.query(
      `CREATE INDEX "search_document_week_key_idx" ON "search_document" USING gin (search_week_keys("vector", "date"))
         WITH (gin_pending_list_limit = 64) WHERE "is_public"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_document_week_key_idx"`);
    await queryRunner.query(`DROP FUNCTION search_week_keys(tsvector, date)`);
  }
}
