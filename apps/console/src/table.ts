import { stripVTControlCharacters } from 'node:util';

export interface TableColumn {
  header: string;
  /** Alignment of the cells, `left` by default. Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

const COLUMN_GAP = '  ';
const RULE_CHARACTER = '─';

/**
 * Returns the number of terminal columns `text` takes: ANSI escape sequences take none, and each
 * code point of the NFC form takes one. Wide CJK characters and emoji would count as one
 * although terminals draw them two columns wide, but airport and airline names use Latin script.
 */
export function displayWidth(text: string): number {
  return [...stripVTControlCharacters(text).normalize('NFC')].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const padding = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? padding + text : text + padding;
}

/**
 * Renders rows as aligned text columns under a header line and a rule, one line per row,
 * without trailing spaces. Cells may contain ANSI styles. `styleHeader` styles each header cell
 * after its width has been measured.
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  styleHeader: (text: string) => string = (text) => text,
): string {
  rows.forEach((row, index) => {
    if (row.length !== columns.length) {
      throw new Error(
        `Table row ${index} has ${row.length} cells, but the table has ${columns.length} columns.`,
      );
    }
  });

  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[index]))),
  );
  const renderLine = (cells: readonly string[]) =>
    cells
      .map((cell, index) => pad(cell, widths[index], columns[index].align ?? 'left'))
      .join(COLUMN_GAP)
      .trimEnd();

  const header = renderLine(
    columns.map((column, index) =>
      pad(styleHeader(column.header), widths[index], column.align ?? 'left'),
    ),
  );
  const rule = widths.map((width) => RULE_CHARACTER.repeat(width)).join(COLUMN_GAP);
  return [header, rule, ...rows.map(renderLine)].join('\n');
}
