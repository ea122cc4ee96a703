import { contentDisposition, newWorkbook, safeText, workbookBuffer, writeTable } from './workbook-style';
import ExcelJS from 'exceljs';

describe('workbook conventions', () => {
  it('escapes text that would run as a formula', () => {
    expect(safeText('=1+1')).toBe("'=1+1");
    expect(safeText('+86 138')).toBe("'+86 138");
    expect(safeText('-5')).toBe("'-5");
    expect(safeText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeText('张三')).toBe('张三');
  });

  it('encodes a Chinese file name per RFC 6266', () => {
    expect(contentDisposition('网格员名册.xlsx')).toBe(
      `attachment; filename="_____.xlsx"; filename*=UTF-8''%E7%BD%91%E6%A0%BC%E5%91%98%E5%90%8D%E5%86%8C.xlsx`,
    );
  });

  it('writes a table that reads back with header, values and A4 print set-up', async () => {
    const wb = newWorkbook();
    const ws = wb.addWorksheet('名册');
    writeTable(ws, { title: '标题', columns: [{ header: '姓名' }, { header: '分数' }], rows: [['=cmd', 98.5]] });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await workbookBuffer(wb)) as unknown as ArrayBuffer);
    const s = back.getWorksheet('名册')!;
    expect(s.getCell('A2').value).toBe('姓名');
    expect(s.getCell('A3').value).toBe("'=cmd");
    expect(s.getCell('B3').value).toBe(98.5);
    expect(s.pageSetup.paperSize).toBe(9);
    expect(s.getCell('A2').font.name).toBe('宋体');
  });
});
