import { describe, expect, it } from "vitest";
import { createEventBus } from "./event-bus.ts";

describe("createEventBus", () => {
  it("delivers each event to every subscriber in subscription order", () => {
    const bus = createEventBus<number>();
    const seen: string[] = [];
    bus.subscribe((n) => seen.push(`a${String(n)}`));
    bus.subscribe((n) => seen.push(`b${String(n)}`));
    bus.emit(1);
    bus.emit(2);
    expect(seen).toEqual(["a1", "b1", "a2", "b2"]);
  });

  it("stops delivering once unsubscribed, even from inside a listener", () => {
    const bus = createEventBus<number>();
    const seen: number[] = [];
    const off = bus.subscribe((n) => {
      seen.push(n);
      off();
    });
    bus.emit(1);
    bus.emit(2);
    expect(seen).toEqual([1]);
  });

  it("reports a throwing listener and still delivers to the others", () => {
    const errors: unknown[] = [];
    const bus = createEventBus<number>((error) => errors.push(error));
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error("broken subscriber");
    });
    bus.subscribe((n) => seen.push(n));
    expect(() => {
      bus.emit(7);
    }).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toEqual([new Error("broken subscriber")]);
  });
});
