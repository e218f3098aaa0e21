/**
 * The authorization matrices' policy tables: one row per caller, one whitespace-separated cell per
 * column (an HTTP status, or a mark the matrix defines). Written by hand from the rules, they are
 * what the server is checked against.
 */
export type PolicyTable<Row extends string> = Record<Row, string>;

/** The expected cell, refusing a row with a cell too many or too few (a typo in the table). */
export function expectedCell<Row extends string, Column extends string>(
  table: PolicyTable<Row>,
  columns: readonly Column[],
  row: Row,
  column: Column,
): string {
  const cells = table[row].trim().split(/\s+/);
  if (cells.length !== columns.length) {
    throw new Error(`policy row ${row} has ${cells.length} cells for ${columns.length} columns`);
  }
  return cells[columns.indexOf(column)];
}

/** One `describe` per column and one test per row, each comparing what `perform` got with the table. */
export function describePolicy<Row extends string, Column extends string>(
  table: PolicyTable<Row>,
  columns: readonly Column[],
  perform: (column: Column, row: Row) => Promise<string | number>,
): void {
  const rows = Object.keys(table) as Row[];
  describe.each(columns.map((column) => [column]))('%s', (column) => {
    it.each(rows.map((row) => ({ row, want: expectedCell(table, columns, row, column) })))(
      '$row → $want',
      async ({ row, want }) => {
        expect(String(await perform(column, row))).toBe(want);
      },
    );
  });
}
