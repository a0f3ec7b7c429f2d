import { describe, expect, it } from 'vitest';
import { ArmError } from '../arm-error.js';
import { applyODataQuery, type ODataFields } from './odata-query.js';

interface Row {
  readonly name: string;
  readonly created: string;
  readonly alternateId: string | null;
}

const ROWS: Row[] = [
  { name: 'ClimbingMountRainier', created: '2012-11-01T00:00:00Z', alternateId: 'CLIMB00001' },
  { name: 'ClimbingMountAdams', created: '2013-02-01T00:00:00Z', alternateId: 'CLIMB00002' },
  { name: 'ClimbingMountBaker', created: '2014-02-01T00:00:00Z', alternateId: null },
  { name: "O'Brien", created: '2011-02-01T12:30:00Z', alternateId: 'x' },
];

const FIELDS: ODataFields<Row> = {
  name: (r) => r.name,
  'properties/created': (r) => r.created,
  'properties/alternateId': (r) => r.alternateId,
};

function names(query: Record<string, string>): string[] {
  return applyODataQuery(new URLSearchParams(query), ROWS, FIELDS).map((r) => r.name);
}

describe('applyODataQuery', () => {
  it.each([
    [
      { $filter: 'properties/created gt 2012-06-01 and properties/created lt 2013-07-01' },
      ['ClimbingMountRainier', 'ClimbingMountAdams'],
    ],
    [{ $filter: "name eq 'climbingmountadams'" }, ['ClimbingMountAdams']],
    [{ $filter: "name eq 'O''Brien'" }, ["O'Brien"]],
    [{ $filter: 'properties.alternateId eq null' }, ['ClimbingMountBaker']],
    [
      {
        $filter:
          "not (name eq 'x') and (properties/created ge datetime'2014-02-01T00:00:00Z' or name eq 'O''Brien')",
      },
      ['ClimbingMountBaker', "O'Brien"],
    ],
    [{ $orderby: 'properties/created desc', $top: '2' }, ['ClimbingMountBaker', 'ClimbingMountAdams']],
    [{ $orderby: 'name' }, ['ClimbingMountAdams', 'ClimbingMountBaker', 'ClimbingMountRainier', "O'Brien"]],
    [{ $top: '0' }, []],
  ])('%j', (query, expected) => {
    expect(names(query)).toEqual(expected);
  });

  it.each([
    [{ $filter: 'properties/description eq 1' }, '$filter', 'cannot filter on'],
    [{ $filter: "name like 'x'" }, '$filter', 'expected one of eq'],
    [{ $filter: "name eq 'open" }, '$filter', 'not closed'],
    [{ $filter: '(name eq 1' }, '$filter', 'parenthesis'],
    [{ $filter: 'name eq' }, '$filter', 'lacks its value'],
    [{ $filter: 'name eq soon' }, '$filter', 'is not a value'],
    [{ $orderby: 'created up' }, '$orderby', 'cannot order by'],
    [{ $orderby: 'name sideways' }, '$orderby', 'expected'],
    [{ $top: '-1' }, '$top', 'whole number'],
  ])('refuses %j', (query, target, message) => {
    try {
      names(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ArmError);
      expect((error as ArmError).status).toBe(400);
      expect((error as ArmError).target).toBe(target);
      expect((error as ArmError).message).toContain(message);
    }
  });
});
