/**
 * Small public data sets from R 4.2.2's `datasets` package, copied with `dput()`, so that specs can
 * compare against numbers R computes on exactly the same values (see libs/stats/test-fixtures/*.R).
 */

/** `mtcars$mpg`: miles per US gallon of 32 cars (Motor Trend, 1974). */
export const MTCARS_MPG: readonly number[] = [
  21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4,
  30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4,
];
/** `mtcars$wt`: weight in 1000 lbs, same cars. */
export const MTCARS_WT: readonly number[] = [
  2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345,
  2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78,
];
/** `mtcars$hp`: gross horsepower, same cars. */
export const MTCARS_HP: readonly number[] = [
  110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150,
  245, 175, 66, 91, 113, 264, 175, 335, 109,
];
/** `mtcars$cyl`: number of cylinders, same cars. */
export const MTCARS_CYL: readonly number[] = [
  6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4,
];
/** `mtcars$am`: transmission, 0 = automatic, 1 = manual, same cars. */
export const MTCARS_AM: readonly number[] = [
  1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
];

/** `sleep$extra[1:10]`: extra hours of sleep of patients 1-10 on drug 1 (Student, 1908). */
export const SLEEP_DRUG_1: readonly number[] = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2];
/** `sleep$extra[11:20]`: the same patients on drug 2. */
export const SLEEP_DRUG_2: readonly number[] = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/** `trees$Girth`: girth in inches of 31 black cherry trees (an odd count, for the median). */
export const TREES_GIRTH: readonly number[] = [
  8.3, 8.6, 8.8, 10.5, 10.7, 10.8, 11, 11, 11.1, 11.2, 11.3, 11.4, 11.4, 11.7, 12, 12.9, 12.9, 13.3, 13.7,
  13.8, 14, 14.2, 14.5, 16, 16.3, 17.3, 17.5, 17.9, 18, 18, 20.6,
];

/** `ToothGrowth$len`: odontoblast length of 60 guinea pigs; rows 1-30 had supp = VC, 31-60 OJ. */
export const TOOTHGROWTH_LEN: readonly number[] = [
  4.2, 11.5, 7.3, 5.8, 6.4, 10, 11.2, 11.2, 5.2, 7, 16.5, 16.5, 15.2, 17.3, 22.5, 17.3, 13.6, 14.5, 18.8,
  15.5, 23.6, 18.5, 33.9, 25.5, 26.4, 32.5, 26.7, 21.5, 23.3, 29.5, 15.2, 21.5, 17.6, 9.7, 14.5, 10, 8.2, 9.4,
  16.5, 9.7, 19.7, 23.3, 23.6, 26.4, 20, 25.2, 25.8, 21.2, 14.5, 27.3, 25.5, 26.4, 22.4, 24.5, 24.8, 30.9,
  26.4, 27.3, 29.4, 23,
];
/** `ToothGrowth$dose`: vitamin C dose in mg/day, same animals. */
export const TOOTHGROWTH_DOSE: readonly number[] = [
  ...[0.5, 1, 2].flatMap((dose) => Array<number>(10).fill(dose)),
  ...[0.5, 1, 2].flatMap((dose) => Array<number>(10).fill(dose)),
];
/** `as.character(ToothGrowth$supp)`: supplement type, same animals. */
export const TOOTHGROWTH_SUPP: readonly string[] = [
  ...Array<string>(30).fill('VC'),
  ...Array<string>(30).fill('OJ'),
];

/** Values of `values` where `keys[i] === key`: R's `values[keys == key]`. */
export function where<T>(values: readonly number[], keys: readonly T[], key: T): number[] {
  return values.filter((_, i) => keys[i] === key);
}
