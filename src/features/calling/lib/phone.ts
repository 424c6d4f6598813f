import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';

export type { CountryCode };

/** What a phone input holds, read against a default country. */
export interface PhoneReading {
  /** The E.164 form (`+14155550123`) when the number is valid, else null. */
  e164: string | null;
  /** The number in international notation for display, as far as it can be formatted. */
  formatted: string;
  /** The country the number belongs to, when known. */
  country: CountryCode | undefined;
  valid: boolean;
  /** Why the number is not usable, in plain words; null when it is valid or empty. */
  problem: string | null;
}

/**
 * Reads a typed or pasted number: `+…` is taken as international whatever the country, anything
 * else as a national number of `country`. Only a number libphonenumber-js calls valid yields E.164.
 */
export function readPhone(input: string, country: CountryCode | undefined): PhoneReading {
  const text = input.trim();
  if (!text) return { e164: null, formatted: '', country, valid: false, problem: null };
  const international = text.startsWith('+') || text.startsWith('00');
  const normalised = text.startsWith('00') ? `+${text.slice(2)}` : text;
  if (!international && !country) {
    return {
      e164: null,
      formatted: text,
      country,
      valid: false,
      problem: 'Choose a country, or start the number with +',
    };
  }
  const parsed = parsePhoneNumberFromString(normalised, international ? undefined : country);
  if (!parsed) {
    return {
      e164: null,
      formatted: text,
      country,
      valid: false,
      problem: 'This is not a phone number',
    };
  }
  const formatted = parsed.formatInternational();
  if (!parsed.isValid()) {
    return {
      e164: null,
      formatted,
      country: parsed.country ?? country,
      valid: false,
      problem: `Not a valid number${parsed.country || country ? ` for ${countryName(parsed.country ?? country!)}` : ''}`,
    };
  }
  return {
    e164: parsed.number,
    formatted,
    country: parsed.country ?? country,
    valid: true,
    problem: null,
  };
}

/** Formats a number as it is typed (`4155550123` → `(415) 555-0123`), for the live hint. */
export function formatAsTyped(input: string, country: CountryCode | undefined): string {
  return new AsYouType(country).input(input);
}

let displayNames: Intl.DisplayNames | null | undefined;

/** The country's name in English (`United Kingdom`), or its code when the browser has no names. */
export function countryName(code: CountryCode): string {
  if (displayNames === undefined) {
    try {
      displayNames = new Intl.DisplayNames(['en'], { type: 'region' });
    } catch {
      displayNames = null;
    }
  }
  return displayNames?.of(code) ?? code;
}

export interface CountryOption {
  value: CountryCode;
  label: string;
}

let countryOptions: CountryOption[] | undefined;

/** Every country libphonenumber-js knows, by name, with its calling code (`France (+33)`). */
export function listCountries(): CountryOption[] {
  countryOptions ??= getCountries()
    .map((code) => ({
      value: code,
      label: `${countryName(code)} (+${getCountryCallingCode(code)})`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return countryOptions;
}

/** True when `value` is a country code libphonenumber-js knows. */
export function isCountry(value: unknown): value is CountryCode {
  return typeof value === 'string' && (getCountries() as string[]).includes(value);
}

/** A best guess of the user's country from the browser's language (`en-GB` → `GB`), else US. */
export function guessCountry(): CountryCode {
  const langs =
    typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const lang of langs) {
    const region = lang?.split('-')[1]?.toUpperCase();
    if (isCountry(region)) return region;
  }
  return 'US';
}
