import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { contentDisposition } from '@app/reporting/xlsx/workbook-style';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook as a download with a Chinese file name; personal data in it is never cached. */
export function sendXlsx(res: Response, buffer: Buffer, fileName: string): StreamableFile {
  res.setHeader('Content-Type', XLSX_MIME);
  res.setHeader('Content-Disposition', contentDisposition(fileName));
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(buffer);
}
