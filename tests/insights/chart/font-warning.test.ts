import { describe, expect, it } from "vitest";
import { chartFontWarning } from "../../../src/insights/chart/font-warning.js";
import { cjkFontWarning } from "../../../src/insights/chart/fonts.js";
import { caseload } from "../../helpers/caseload.js";

describe("the start-up chart font warning", () => {
  it("is not checked when nobody reads Chinese", async () => {
    const c = caseload();
    expect(await chartFontWarning(c.handle.db)).toBeUndefined();
  });

  it("is the font check's answer once a therapist reads Chinese", async () => {
    const c = caseload();
    c.addTherapist("T-zh", { locale: "zh" });
    expect(await chartFontWarning(c.handle.db)).toBe(cjkFontWarning());
  });
});
