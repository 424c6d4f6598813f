import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseBulkCsv, rowKey, templateCsv } from './bulk-csv';

const NOW = Date.parse('2026-03-02T10:00:00Z');

/** 50 rows; rows 7, 23 and 41 are broken in three different ways. */
function fiftyRows(): string {
  const rows = Array.from({ length: 50 }, (_, i) => {
    const n = i + 1;
    const row: Record<string, string> = {
      recipient: `+1415555${String(1000 + n)}`,
      numberId: 'num-1',
      agentId: 'agent-1',
      campaignId: 'camp-1',
      scheduledAt: '',
      'var:CustomerName': `Customer ${n}`,
      'meta:crmId': `C-${n}`,
    };
    if (n === 7) row.recipient = '555-0199';
    if (n === 23) row.agentId = '';
    if (n === 41) row.scheduledAt = 'next tuesday';
    if (n === 12) row.scheduledAt = '2026-03-02T15:00:00+02:00';
    return row;
  });
  return Papa.unparse(rows);
}

describe('parseBulkCsv', () => {
  it('finds 47 valid rows in a 50-row file and lists the 3 invalid ones with reasons', () => {
    const file = parseBulkCsv(fiftyRows(), {
      kind: 'call',
      sourceId: 'ai',
      country: undefined,
      now: NOW,
    });
    expect(file.rows).toHaveLength(50);
    expect(file.valid).toHaveLength(47);
    expect(file.invalid.map((r) => r.row)).toEqual([7, 23, 41]);
    expect(file.invalid[0]!.errors.join()).toMatch(/555-0199 is not a valid phone number/);
    expect(file.invalid[1]!.errors).toEqual(['agentId is missing']);
    expect(file.invalid[2]!.errors.join()).toMatch(/not a date and time/);
    expect(file.fileErrors).toEqual([]);
    expect(file.valid.find((r) => r.row === 12)!.request).toEqual({
      kind: 'call',
      body: {
        source: 'ai',
        recipientNumber: '+14155551012',
        numberId: 'num-1',
        agentId: 'agent-1',
        campaignId: 'camp-1',
        scheduledAt: '2026-03-02T13:00:00.000Z',
        dynamicVariables: { CustomerName: 'Customer 12' },
        metadata: { crmId: 'C-12' },
      },
    });
  });

  it('reads national numbers with the chosen country, and callbacks with their own columns', () => {
    const text =
      'phone,name,campaign,scheduledAt\n0721 555 123,Ion,Spring,2026-03-03 09:00\n0721,Ana,Spring,2026-03-03 09:00\n';
    const file = parseBulkCsv(text, { kind: 'callback', sourceId: 'cb', country: 'RO', now: NOW });
    expect(file.valid).toHaveLength(1);
    expect(file.valid[0]!.request).toMatchObject({
      kind: 'callback',
      body: { phoneNumber: '+40721555123', callerName: 'Ion' },
    });
    expect(file.invalid[0]!.row).toBe(2);
  });

  it('says which required columns are missing and that past times are refused', () => {
    const file = parseBulkCsv('phone,scheduledAt\n+14155550132,2020-01-01 10:00\n', {
      kind: 'call',
      sourceId: 'ai',
      country: 'US',
      now: NOW,
    });
    expect(file.fileErrors).toEqual(['Missing columns: numberId, agentId']);
    expect(file.invalid[0]!.errors.join()).toMatch(/has passed/);
  });

  it('parses its own templates', () => {
    expect(
      parseBulkCsv(templateCsv('call'), { kind: 'call', sourceId: 'ai', country: 'US', now: NOW })
        .valid,
    ).toHaveLength(1);
    expect(
      parseBulkCsv(templateCsv('callback'), {
        kind: 'callback',
        sourceId: 'cb',
        country: 'RO',
        now: NOW,
      }).valid,
    ).toHaveLength(1);
  });
});

describe('rowKey', () => {
  it('is the same for the same source, file and row, and differs otherwise', async () => {
    const text = fiftyRows();
    const k = await rowKey('ai', text, 3);
    expect(k).toMatch(/^bulk-[0-9a-f]{64}$/);
    expect(await rowKey('ai', text, 3)).toBe(k);
    expect(await rowKey('ai', text, 4)).not.toBe(k);
    expect(await rowKey('cb', text, 3)).not.toBe(k);
    expect(await rowKey('ai', `${text}\n`, 3)).not.toBe(k);
    const keys = await Promise.all(Array.from({ length: 50 }, (_, i) => rowKey('ai', text, i + 1)));
    expect(new Set(keys).size).toBe(50);
  });
});
