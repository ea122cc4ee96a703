/**
 * CSV as Chinese software writes it: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"),
 * or GB18030/GBK (Excel on a Chinese Windows, many meeting tools). RFC 4180 quoting; comma, tab or
 * semicolon separated.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Decodes a text file. A BOM decides; otherwise strict UTF-8 is tried first, and bytes that are not valid
 * UTF-8 are read as GB18030 (a superset of GBK and GB2312). Node's TextDecoder does GB18030 with full ICU.
 */
export function decodeText(buffer: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buffer.subarray(3)), encoding: 'utf-8' };
  }
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buffer), encoding: 'gb18030' };
  }
}

/** The separator used by the first lines: the most frequent of comma, tab and semicolon outside quotes. */
export function detectDelimiter(text: string): ',' | '\t' | ';' {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 20; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === '\t' || ch === ';')) counts[ch]++;
    else if (!quoted && ch === '\n') lines++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

/**
 * One record and its row as Excel or WPS shows the file (1-based; blank lines count as rows, line breaks
 * inside quotes do not).
 */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/**
 * RFC 4180: fields in double quotes may hold separators, line breaks and doubled quotes; CRLF, LF or CR
 * end a record. Lenient where files in the wild are not: a quote inside an unquoted field is kept as is,
 * text after a closing quote is appended. Blank lines are dropped.
 */
export function parseCsv(text: string, delimiter: string = detectDelimiter(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let row = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ row, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      row++;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}
