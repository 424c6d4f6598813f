import type { Prng } from './prng';

/**
 * Names and phone numbers that look like a real international contact centre. Numbers use ranges
 * reserved for fiction or documentation where a country has one (UK 07700 900xxx, US 555-01xx,
 * AU 0491 570xxx) so a demo never shows a real subscriber's number.
 */

const FIRST = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'Lucas',
  'Mia', 'Mateo', 'Charlotte', 'Hugo', 'Léa', 'Louis', 'Chloé', 'Jules', 'Lena', 'Jonas',
  'Hannah', 'Felix', 'Sofía', 'Alejandro', 'Lucía', 'Pablo', 'Giulia', 'Lorenzo', 'Aisha', 'Omar',
  'Fatima', 'Yusuf', 'Priya', 'Arjun', 'Ananya', 'Rohan', 'Mei', 'Wei', 'Yuki', 'Haruto',
  'Siobhán', 'Ciarán', 'Aoife', 'Niamh', 'Kwame', 'Amara', 'Chidi', 'Zanele', 'Ingrid', 'Lars',
  'Astrid', 'Mikael', 'Zofia', 'Jakub', 'Ana', 'João', 'Beatriz', 'Tomás', 'Elena', 'Andrei',
  'Ioana', 'Mihai', 'Daniel', 'Grace', 'Samuel', 'Chloe', 'Ethan', 'Zoe', 'Ryan', 'Nora',
];

const LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martin', 'Bernard',
  'Dubois', 'Lefebvre', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'García', 'Fernández',
  'López', 'Martínez', 'Rossi', 'Russo', 'Bianchi', 'Khan', 'Ahmed', 'Hassan', 'Patel', 'Sharma',
  'Singh', 'Nguyen', 'Tran', 'Chen', 'Wang', 'Li', 'Tanaka', 'Sato', "O'Brien", 'Murphy', 'Kelly',
  'Mensah', 'Okafor', 'Dlamini', 'Andersson', 'Johansson', 'Nielsen', 'Kowalski', 'Nowak', 'Silva',
  'Santos', 'Popescu', 'Ionescu', 'Taylor', 'Wilson', 'Evans', 'Walker', 'Hughes', 'Clarke', 'Novak',
];

export interface PersonName {
  first: string;
  last: string;
}

export function personName(rng: Prng): PersonName {
  return { first: rng.pick(FIRST), last: rng.pick(LAST) };
}

/** ASCII-only, lower-case slug for e-mail local parts and usernames. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

type NumberMaker = (rng: Prng) => string;

const COUNTRIES: ReadonlyArray<readonly [NumberMaker, number]> = [
  [(r) => `+447700900${r.digits(3)}`, 26], // UK mobile, Ofcom drama range
  [(r) => `+4420797${r.digits(5)}`, 8], // London landline
  [(r) => `+1${r.pick(['212', '415', '312', '646', '617'])}55501${r.digits(2)}`, 18], // US fiction range
  [(r) => `+4915${r.int(1, 9)}${r.digits(8)}`, 10], // DE mobile
  [(r) => `+336${r.digits(8)}`, 9], // FR mobile
  [(r) => `+346${r.digits(8)}`, 7], // ES mobile
  [(r) => `+353 8${r.int(3, 9)}${r.digits(7)}`.replace(' ', ''), 6], // IE mobile
  [(r) => `+316${r.digits(8)}`, 5], // NL mobile
  [(r) => `+61491570${r.digits(3)}`, 4], // AU fiction range
  [(r) => `+407${r.int(2, 8)}${r.digits(7)}`, 4], // RO mobile
  [(r) => `+919${r.digits(9)}`, 3], // IN mobile
];

/** A caller's number in E.164 from a weighted mix of countries. */
export function phoneNumber(rng: Prng): string {
  return rng.weighted(COUNTRIES)(rng);
}

/** A DID the tenant owns (callee side), E.164, in the tenant's country. */
export function didNumber(rng: Prng, country: 'GB' | 'US' | 'DE' | 'IE'): string {
  switch (country) {
    case 'GB':
      return `+44203${r7(rng)}`;
    case 'US':
      return `+1415555${rng.int(100, 199)}${rng.digits(1)}`.slice(0, 12);
    case 'DE':
      return `+4930${r7(rng)}${rng.digits(1)}`;
    case 'IE':
      return `+3531${r7(rng)}`;
  }
}

function r7(rng: Prng): string {
  return rng.digits(7);
}
