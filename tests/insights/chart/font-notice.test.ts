/**
 * The CLI's font notice: asked only when a chart has CJK text, and then it is the font check's answer,
 * which names the package to install.
 */
import { describe, expect, it } from "vitest";
import { chartFontNotice, needsCjkFont } from "../../../src/insights/chart/font-notice.js";
import { missingCjkFontMessage } from "../../../src/insights/chart/fonts.js";

describe("the chart font notice", () => {
  it("knows which texts need a CJK font", () => {
    expect(needsCjkFont(["Weekly summary", "Trygghet åäö", "Nov 16", "–"])).toBe(false);
    expect(needsCjkFont(["Oak-7", "安全感"])).toBe(true);
    expect(needsCjkFont(["11月16日"])).toBe(true);
    expect(needsCjkFont(["ゆき"])).toBe(true);
    expect(needsCjkFont(["지수"])).toBe(true);
  });

  it("names fonts-noto-cjk when the charts have Chinese and no font can draw it", async () => {
    const notice = await chartFontNotice(["所有来访者：最近 12 周"], async () => missingCjkFontMessage);
    expect(notice).toContain("apt-get install fonts-noto-cjk");
  });

  it("says nothing when a CJK font is installed", async () => {
    expect(await chartFontNotice(["安全感"], async () => undefined)).toBeUndefined();
  });

  it("does not even check the fonts for charts without CJK text", async () => {
    let checked = false;
    const check = async () => {
      checked = true;
      return missingCjkFontMessage;
    };
    expect(await chartFontNotice(["All clients: the last 12 weeks", "Safety"], check)).toBeUndefined();
    expect(checked).toBe(false);
  });
});
