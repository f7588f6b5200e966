/**
 * The id in a route's path (`/api/users/:id`, `/api/claims/:id/evidence`, ...): a 400 when it is
 * not one, before any query, so that only a well-formed id can be a 404. Ids are identity columns,
 * so an id is a whole number from 1 to the largest value of the column's type: a larger number
 * would make PostgreSQL fail ("out of range for type integer"), not find nothing.
 */
import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** The largest value of each PostgreSQL integer type an id column has. */
const MAX_ID = { integer: 2_147_483_647n, bigint: 9_223_372_036_854_775_807n } as const;

/** Plain decimal digits without a leading zero, at most as many as the largest bigint has (19). */
const ID_DIGITS = /^[1-9][0-9]{0,18}$/;

/**
 * `@Param('id', new ParseIdPipe('claim'))`: the id as its decimal text, which is how the driver
 * takes and gives bigint ids (they may pass Number.MAX_SAFE_INTEGER).
 */
export class ParseIdPipe implements PipeTransform<unknown, string> {
  /**
   * @param what what the id names ("user", "claim"), for the message.
   * @param columnType the type of the id column.
   */
  constructor(
    private readonly what: string,
    private readonly columnType: keyof typeof MAX_ID = 'bigint',
  ) {}

  transform(value: unknown): string {
    const max = MAX_ID[this.columnType];
    if (typeof value !== 'string' || !ID_DIGITS.test(value) || BigInt(value) > max) {
      throw new BadRequestException(`a ${this.what} id is a whole number from 1 to ${max}`);
    }
    return value;
  }
}
