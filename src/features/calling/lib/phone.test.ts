import { describe, expect, it } from 'vitest';
import { readPhone } from './phone';

describe('readPhone', () => {
  it.each([
    ['US', '(415) 555-0132', '+14155550132'],
    ['GB', '020 7946 0018', '+442079460018'],
    ['DE', '030 901820', '+4930901820'],
    ['RO', '0721 555 123', '+40721555123'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['IN', '098765 43210', '+919876543210'],
  ] as const)('turns a national %s number into E.164', (country, input, e164) => {
    const r = readPhone(input, country);
    expect(r.valid).toBe(true);
    expect(r.e164).toBe(e164);
    expect(r.country).toBe(country);
  });

  it('reads a pasted +E.164 or 00 number whatever country is chosen', () => {
    expect(readPhone('+44 20 7946 0018', 'US')).toMatchObject({
      e164: '+442079460018',
      country: 'GB',
      valid: true,
    });
    expect(readPhone('0040 721 555 123', 'US')).toMatchObject({
      e164: '+40721555123',
      country: 'RO',
    });
    expect(readPhone('+14155550132', undefined).formatted).toBe('+1 415 555 0132');
  });

  it('gives no E.164 for a number that is not valid, and says why', () => {
    const short = readPhone('12345', 'US');
    expect(short.e164).toBeNull();
    expect(short.problem).toMatch(/not a valid number for United States|not a phone number/i);
    expect(readPhone('hello', 'GB').e164).toBeNull();
    expect(readPhone('0721 555 123', undefined).problem).toMatch(/choose a country/i);
    expect(readPhone('', 'US')).toMatchObject({ e164: null, problem: null });
  });
});
