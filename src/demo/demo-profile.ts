import { Random } from 'src/demo/random';
import { DISTRICT_KEYS, TOWN_PREFIXES, TOWN_QUALIFIERS, TOWN_SUFFIXES } from 'src/demo/demo-catalog';

/** The few numbers that make one generated municipality differ from the next. */
export interface MunicipalityProfile {
  key: string;
  /** Place name without "Stadt"/"Gemeinde". */
  placeName: string;
  isTown: boolean;
  ags: string;
  inhabitants: number;
  councilSeats: number;
  papersPerYear: number;
  postalCode: string;
  /** [lon, lat] of the town hall. */
  center: [number, number];
  /** Seeds everything else of the municipality. */
  seed: string;
}

/** The demo town loaded into an empty installation. */
export function demoTownProfile(seed = 1): MunicipalityProfile {
  return {
    key: 'lindenbach',
    placeName: 'Lindenbach',
    isTown: true,
    ags: '14522990',
    inhabitants: 9140,
    councilSeats: 22,
    papersPerYear: 150,
    postalCode: '09699',
    center: [12.9127, 50.7081],
    seed: `${seed}:lindenbach`,
  };
}

/** Council seats by population (§ 29 SächsGemO, abridged). */
export function councilSeatsFor(inhabitants: number): number {
  const table: [number, number][] = [
    [1000, 8],
    [2000, 10],
    [3000, 12],
    [5000, 14],
    [10000, 18],
    [20000, 22],
    [30000, 26],
    [40000, 30],
  ];
  return table.find(([limit]) => inhabitants <= limit)?.[1] ?? 34;
}

/** Municipality number `index` (1-based) of a generated installation. */
export function generatedProfile(seed: number, index: number): MunicipalityProfile {
  const random = new Random(seed, 'profile', index);
  const combinations = TOWN_PREFIXES.length * TOWN_SUFFIXES.length;
  // A fixed permutation step coprime to the number of combinations keeps the names unique.
  const slot = ((index - 1) * 97 + seed) % combinations;
  const round = Math.floor((index - 1) / combinations) % TOWN_QUALIFIERS.length;
  const placeName =
    TOWN_PREFIXES[Math.floor(slot / TOWN_SUFFIXES.length)] + TOWN_SUFFIXES[slot % TOWN_SUFFIXES.length] + TOWN_QUALIFIERS[round];
  // Small municipalities carry most of the load: about 250 papers a year on average (DOMAIN: sizes to plan for).
  const papersPerYear = random.int(120, 380);
  const inhabitants = Math.round(papersPerYear * 45 * (0.7 + random.next() * 0.6));
  const district = DISTRICT_KEYS[(index - 1) % DISTRICT_KEYS.length];
  const number = 500 + Math.floor((index - 1) / DISTRICT_KEYS.length);
  return {
    key: `gemeinde-${String(index).padStart(4, '0')}`,
    placeName,
    isTown: inhabitants > 6000,
    ags: `${district}${String(number % 1000).padStart(3, '0')}`,
    inhabitants,
    councilSeats: councilSeatsFor(inhabitants),
    papersPerYear,
    postalCode: String(random.int(1000, 9999)).padStart(5, '0'),
    center: [round6(12.0 + random.next() * 2.8), round6(50.3 + random.next() * 1.2)],
    seed: `${seed}:${index}`,
  };
}

export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
