import { describe, expect, it } from 'vitest';
import { acceptedType, cleanFileName } from './attachments.ts';

describe('attachment types and names', () => {
  it('decides the type by extension from the allowed list', () => {
    expect(acceptedType('Screen Shot.PNG')).toBe('image/png');
    expect(acceptedType('server.log')).toBe('text/plain');
    expect(acceptedType('export.csv')).toBe('text/csv');
    for (const name of ['index.html', 'logo.svg', 'setup.exe', 'x.js', 'archive.tar.gz', 'README']) {
      expect(() => acceptedType(name), name).toThrow(/cannot be attached/);
    }
  });
  it('keeps the base name only, without control characters or quotes', () => {
    expect(cleanFileName('../../etc/pass"wd\u0000.txt')).toBe('passwd.txt');
    expect(cleanFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(cleanFileName('\u0007')).toBe('file');
  });
});
