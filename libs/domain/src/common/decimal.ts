import Decimal from 'decimal.js';

/**
 * Money and rates are decimals. Values are computed at full precision and rounded half up, to two
 * decimals, only where they are shown (DOMAIN.md §5); sums are then taken of the shown values.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export function dec(value: Decimal.Value): Decimal {
  return new Dec(value);
}

/** Half-up rounding to `places` decimals (2 by default), as shown on the form. */
export function shown(value: Decimal.Value, places = 2): Decimal {
  return new Dec(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** `54.17%` from a ratio 0.541666… (13/24) */
export function formatPercent(ratio: Decimal.Value, places = 2): string {
  return `${shown(new Dec(ratio).times(100), places).toFixed(places)}%`;
}

/** Sum of values, each first rounded as shown. */
export function sumShown(values: readonly Decimal.Value[], places = 2): Decimal {
  return values.reduce<Decimal>((acc, v) => acc.plus(shown(v, places)), new Dec(0));
}

/** Parses a numeric string from PostgreSQL (`numeric` comes back as text) without going through a float. */
export function fromNumeric(value: string | number | null | undefined): Decimal | null {
  if (value === null || value === undefined || value === '') return null;
  return new Dec(value);
}
