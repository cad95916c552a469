/**
 * A strict RFC 4180 CSV reader (no CSV library is a declared dependency of the project).
 *
 * - Fields are separated by `,`; records end with CRLF, LF or a lone CR; the last record may lack one.
 * - A field that starts with `"` is quoted: it may contain `,`, line breaks and `""` (an escaped quote);
 *   after its closing quote only a separator, a record end or the end of the text may follow.
 * - A `"` inside an unquoted field, text after a closing quote and an unterminated quoted field are
 *   syntax errors (the last one is how a truncated download usually shows).
 * - Nothing is trimmed; a blank line is returned as a record with one empty field (callers skip those).
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    message: string
  ) {
    super(message);
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const startLine = line;
        i++;
        value = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            throw new CsvSyntaxError(
              startLine,
              `unterminated quoted field starting on line ${startLine} (truncated file?)`
            );
          }
          value += text.slice(i, q);
          line += countLf(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== COMMA && c !== LF && c !== CR) {
            throw new CsvSyntaxError(
              line,
              `unexpected character ${JSON.stringify(text[i])} after a closing quote on line ${line}`
            );
          }
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) {
            break;
          }
          if (c === QUOTE) {
            throw new CsvSyntaxError(line, `a quote inside an unquoted field on line ${line}`);
          }
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) {
        endOfRecord = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          if (i >= n) {
            // "a,b," at the very end: the record has a last, empty field.
            fields.push('');
            endOfRecord = true;
          }
        } else {
          // CR, LF or CRLF ends the record.
          i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
          endOfRecord = true;
        }
      }
    }
    records.push({ line: recordLine, fields });
  }
  return records;
}

/** A record that is a blank line. */
export function isBlankRecord(r: CsvRecord): boolean {
  return r.fields.length === 1 && r.fields[0] === '';
}
