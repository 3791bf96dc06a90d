import { describe, expect, it } from "vitest";
import { practiceNameKey } from "../../src/practice/practice-name.js";

describe("practiceNameKey", () => {
  it("is the same for names that differ only in case, accents and surrounding or repeated spaces", () => {
    const key = practiceNameKey("Söder Therapy");
    for (const same of ["söder therapy", "  SODER  THERAPY ", "Söder\tTherapy", "So\u0308der Therapy"]) {
      expect(practiceNameKey(same), same).toBe(key);
    }
  });

  it("differs for different names", () => {
    expect(practiceNameKey("Söder Therapy")).not.toBe(practiceNameKey("Söder Therapy North"));
    expect(practiceNameKey("陈医生诊所")).toBe("陈医生诊所");
  });
});
