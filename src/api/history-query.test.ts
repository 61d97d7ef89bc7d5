import { describe, expect, it } from "vitest";
import { parseHistoryQuery } from "./history-query.ts";

const UUID = "0b6c5d1e-8f3a-4c2b-9d7e-1a2b3c4d5e6f";

describe("parseHistoryQuery", () => {
  it.each([
    { query: "", want: { limit: 20, before: undefined } },
    { query: "limit=1", want: { limit: 1, before: undefined } },
    { query: "limit=100", want: { limit: 100, before: undefined } },
    { query: `before=${UUID}`, want: { limit: 20, before: { id: UUID } } },
    { query: "before=1772359200000&limit=5", want: { limit: 5, before: { startedBefore: 1772359200000 } } },
    {
      query: "before=2026-03-01T10:00:00.000Z",
      want: { limit: 20, before: { startedBefore: Date.parse("2026-03-01T10:00:00Z") } },
    },
    {
      query: "before=2026-03-01T11:00:00%2B01:00",
      want: { limit: 20, before: { startedBefore: Date.parse("2026-03-01T10:00:00Z") } },
    },
    { query: "other=x", want: { limit: 20, before: undefined } },
  ])("reads ?$query", ({ query, want }) => {
    expect(parseHistoryQuery(new URLSearchParams(query))).toEqual(want);
  });

  it.each([
    { query: "limit=0", error: 'invalid query parameter "limit": expected 1 to 100' },
    { query: "limit=101", error: 'invalid query parameter "limit": expected 1 to 100' },
    { query: "limit=-1", error: 'invalid query parameter "limit": expected a whole number' },
    { query: "limit=2.5", error: 'invalid query parameter "limit": expected a whole number' },
    { query: "limit=", error: 'invalid query parameter "limit": expected a whole number' },
    { query: "limit=1&limit=2", error: 'invalid query parameter "limit": given more than once' },
    {
      query: "before=",
      error:
        'invalid query parameter "before": expected a session ID, epoch milliseconds or an ISO 8601 time',
    },
    {
      query: "before=../etc",
      error:
        'invalid query parameter "before": expected a session ID, epoch milliseconds or an ISO 8601 time',
    },
    { query: "before=2026-13-45T99:00:00Z", error: 'invalid query parameter "before": invalid time' },
    { query: "before=a&before=b", error: 'invalid query parameter "before": given more than once' },
  ])("refuses ?$query", ({ query, error }) => {
    expect(() => parseHistoryQuery(new URLSearchParams(query))).toThrow(error);
  });
});
