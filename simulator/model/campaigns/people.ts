/**
 * Believable contacts: names and E.164 numbers. Names are not stored per generated entry (a million
 * rows would carry ~20 MB of strings for nothing); they are re-derived from the entry id on read.
 */
import { hashUnit, type Rng } from './random';

export type Locale = 'us' | 'ro';

const US_FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Sandra',
  'Mark',
  'Ashley',
  'Priya',
  'Kimberly',
  'Jamal',
  'Emily',
  'Andrew',
  'Donna',
  'Wei',
  'Michelle',
  'Kevin',
  'Carol',
  'Brian',
  'Amanda',
  'Luis',
  'Melissa',
  'Omar',
  'Deborah',
  'Hiroshi',
  'Stephanie',
  'Mateo',
  'Rebecca',
  'Ethan',
  'Aisha',
] as const;
const US_LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Patel',
  'Kim',
] as const;
const RO_FIRST = [
  'Andrei',
  'Maria',
  'Alexandru',
  'Elena',
  'Ionut',
  'Ioana',
  'Mihai',
  'Ana',
  'Stefan',
  'Andreea',
  'Gabriel',
  'Cristina',
  'Florin',
  'Mihaela',
  'Adrian',
  'Alexandra',
  'Bogdan',
  'Roxana',
  'Cosmin',
  'Daniela',
  'Radu',
  'Simona',
  'Vlad',
  'Raluca',
  'Marius',
  'Irina',
  'Catalin',
  'Oana',
  'Razvan',
  'Laura',
] as const;
const RO_LAST = [
  'Popescu',
  'Ionescu',
  'Popa',
  'Pop',
  'Niculescu',
  'Stan',
  'Dumitru',
  'Dima',
  'Constantinescu',
  'Stoica',
  'Gheorghe',
  'Rusu',
  'Munteanu',
  'Matei',
  'Ciobanu',
  'Serban',
  'Lazar',
  'Florea',
  'Marin',
  'Mocanu',
  'Tudor',
  'Ilie',
  'Moldovan',
  'Barbu',
  'Nistor',
  'Toma',
  'Zamfir',
  'Dinu',
  'Neagu',
  'Enache',
] as const;

// Real, assigned NANP area codes spread across the country (no 555 fiction numbers).
const US_AREA = [
  212, 646, 718, 312, 773, 415, 510, 213, 310, 512, 617, 702, 305, 404, 206, 303, 214, 713, 602,
  215, 612, 503, 919, 704, 412, 313, 216, 314, 615, 801,
] as const;
// Romanian mobile prefixes (07xx) of the big four operators.
const RO_MOBILE = [
  722, 723, 724, 726, 727, 728, 730, 731, 740, 744, 745, 746, 747, 748, 751, 752, 755, 756, 760,
  762, 766, 770, 771, 772, 786, 787,
] as const;

function at<T>(items: readonly T[], u: number): T {
  const item = items[Math.floor(u * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** A contact name derived from an entry id, stable for the life of the world. */
export function contactName(seed: number, id: number, locale: Locale): string {
  const first = locale === 'ro' ? RO_FIRST : US_FIRST;
  const last = locale === 'ro' ? RO_LAST : US_LAST;
  return `${at(first, hashUnit(seed, id, 11))} ${at(last, hashUnit(seed, id, 12))}`;
}

/** E.164 digits (no '+') as a number: compact to store and index. */
export function randomPhoneDigits(rng: Rng, locale: Locale): number {
  if (locale === 'ro') {
    // 40 7xx xxx xxx
    return 40_000_000_000 + rng.pick(RO_MOBILE) * 1_000_000 + rng.int(100_000, 999_999);
  }
  // NANP: exchange must not start with 0/1, and avoid N11 service codes.
  let exchange = rng.int(200, 999);
  if (exchange % 100 === 11) exchange += 1;
  return 10_000_000_000 + rng.pick(US_AREA) * 10_000_000 + exchange * 10_000 + rng.int(0, 9999);
}

export function formatE164(digits: number): string {
  return `+${digits}`;
}

/**
 * Normalises what a client types into E.164 digits: "+1 (212) 555-0100", "0040722…", and a
 * Romanian national "0722…" (the While1 PBX sits in Romania) all resolve. Null when not a number.
 */
export function normalisePhone(input: string, nationalPrefix = '40'): number | null {
  const trimmed = input.trim();
  let digits = trimmed.replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (digits.startsWith('0')) digits = nationalPrefix + digits.slice(1);
  if (digits.length < 7 || digits.length > 15) return null;
  return Number(digits);
}

/** Strict E.164 as Iqra's docs require: '+', a non-zero country digit, 7 to 15 digits in all. */
export function isE164(input: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(input);
}
