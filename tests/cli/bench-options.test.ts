// The option parsing of the benchmarks (bench/_util.ts): a value outside what an option takes is
// refused by name before anything runs, an absent option gives its default.
import { describe, expect, it } from "vitest";
import { intOption, mb, stringOption } from "../../bench/_util.ts";

describe("bench options", () => {
  it("an integer option: its value, its default when absent, refused when not a positive integer", () => {
    expect(intOption(["--rows", "10000000"], "rows", 2)).toBe(10_000_000);
    expect(intOption([], "rows", 2)).toBe(2);
    expect(() => intOption(["--rows", "1e3x"], "rows", 2)).toThrow(/^--rows 1e3x: expected a positive integer$/);
    expect(() => intOption(["--rows"], "rows", 2)).toThrow(/^--rows : expected a positive integer$/);
  });

  it("a choice: one of its values, its default when absent, refused otherwise with the values it takes", () => {
    expect(stringOption(["--fill", "uniform"], "fill", "mixed", ["mixed", "uniform"])).toBe("uniform");
    expect(stringOption(["--rows", "5"], "fill", "mixed", ["mixed", "uniform"])).toBe("mixed");
    expect(() => stringOption(["--fill", "random"], "fill", "mixed", ["mixed", "uniform"])).toThrow(/^--fill random: expected one of mixed, uniform$/);
    expect(() => stringOption(["--fill"], "fill", "mixed", ["mixed", "uniform"])).toThrow(/^--fill : expected one of mixed, uniform$/);
  });

  it("sizes print in megabytes", () => {
    expect(mb(1_635_000_000)).toBe("1,559 MB");
    expect(mb("0")).toBe("0 MB");
  });
});
