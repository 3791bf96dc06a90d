/**
 * A minimal RFC 4180 encoder, small enough to read in full, so the export needs no dependency: a field
 * is quoted when it holds a comma, a double quote, a line break or edge spaces (which some readers
 * trim), and quotes inside are doubled. Records end in CRLF, as the RFC says. Values are written as
 * they are: the export is the client's own data, so nothing is rewritten (not even a leading "=",
 * which a spreadsheet may read as a formula; the receiving software decides how to open it).
 */
export type CsvValue = string | number | boolean | null;

function field(value: CsvValue): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header record and one record per row; every row must have one value per column. */
export function encodeCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const records = [columns, ...rows].map((row, index) => {
    if (row.length !== columns.length) {
      throw new Error(`csv: record ${index} has ${row.length} fields, expected ${columns.length}`);
    }
    return row.map(field).join(",");
  });
  return `${records.join("\r\n")}\r\n`;
}
