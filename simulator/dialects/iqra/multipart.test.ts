import { describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart } from './multipart';

describe('multipart reader', () => {
  it('reads text fields (bracket names, UTF-8) and files from what fetch sends', async () => {
    const f = new FormData();
    f.append('RecipientNumber', '+1234567890');
    f.append('DynamicVariables[CustomerName]', 'Jöhn "Doe"');
    f.append('bulk_file', new Blob(['number\n+14155550111\n'], { type: 'text/csv' }), 'calls.csv');
    const req = new Request('http://localhost/', { method: 'POST', body: f });
    const type = req.headers.get('content-type') ?? '';
    const form = parseMultipart(Buffer.from(await req.arrayBuffer()), boundaryOf(type)!);
    expect(form.fields).toEqual([
      ['RecipientNumber', '+1234567890'],
      ['DynamicVariables[CustomerName]', 'Jöhn "Doe"'],
    ]);
    expect(form.files).toHaveLength(1);
    expect(form.files[0]).toMatchObject({
      field: 'bulk_file',
      filename: 'calls.csv',
      contentType: 'text/csv',
    });
    expect(form.files[0]!.data.toString()).toBe('number\n+14155550111\n');
  });

  it('rejects a body without the boundary', () => {
    expect(() => parseMultipart(Buffer.from('hello'), 'xyz')).toThrow();
    expect(boundaryOf('multipart/form-data')).toBeNull();
  });
});
