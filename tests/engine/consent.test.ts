/**
 * What the consent says, as a client reads it: the practice's own retention period, the risk question
 * named only where the practice asks it (and never as "the safety question", which clients mix up with
 * the felt-safety item), and a length that fits one Discord message in every language.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { consents } from "../../src/db/schema.js";
import type { Locale } from "../../src/i18n/locales.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { ChatUser, createHarness, prompts, seedPractice } from "../helpers/harness.js";

function consentShown(settings: Partial<PracticeSettings>, locale: Locale = "en") {
  const h = createHarness();
  const seeded = seedPractice(h, { settings, locale });
  const user = new ChatUser(h);
  user.command("start", seeded.code);
  const [message] = user.read();
  return { h, seeded, user, message, text: message?.text ?? "" };
}

const locales: Locale[] = ["en", "sv", "zh"];

/** How each language names the risk question in the consent, and the name clients confuse it with. */
const riskQuestion: Record<Locale, string> = {
  en: "the question about thoughts of harming yourself",
  sv: "frågan om tankar på att skada dig själv",
  zh: "关于伤害自己的问题",
};
const safetyQuestion: Record<Locale, RegExp> = {
  en: /safety question/i,
  sv: /säkerhetsfråga/i,
  zh: /安全问题/,
};

describe("the consent text", () => {
  for (const locale of locales) {
    it(`${locale}: names the practice's retention period in days, from its settings`, () => {
      const days = { en: "730 days", sv: "730 dagar", zh: "730 天" }[locale];
      expect(consentShown({ retentionDays: 730 }, locale).text).toContain(days);
      const standard = consentShown({}, locale).text;
      expect(standard).toContain(days.replace("730", "365"));
      expect(standard).not.toContain("{retention_days}");
    });

    it(`${locale}: mentions the risk question only when the practice asks it, and never as "the safety question"`, () => {
      const asked = consentShown({ riskItem: true }, locale).text;
      const notAsked = consentShown({ riskItem: false }, locale).text;
      expect(asked).toContain(riskQuestion[locale]);
      expect(notAsked).not.toContain(riskQuestion[locale]);
      for (const text of [asked, notAsked]) {
        expect(text).not.toMatch(safetyQuestion[locale]);
        expect(text).not.toMatch(/\{[a-z_]+\}/);
      }
    });
  }

  it("says who carries the messages, what the therapist and the alert's clinicians see, how to delete, and that saying no is fine", () => {
    const text = consentShown({ riskItem: true }).text;
    for (const part of [
      "Telegram or Discord",
      "weekly summary that also shows check-ins you didn't answer",
      "see the words that raised it",
      "/stop",
      "deleted",
      "Saying no won't affect your therapy",
      "Nobody reads this chat in real time",
      "not a validated questionnaire",
    ]) {
      expect(text).toContain(part);
    }
    const sv = consentShown({ riskItem: true }, "sv").text;
    for (const part of [
      "Telegram eller Discord",
      "inte har svarat på",
      "orden som utlöste den",
      "/stop",
      "reservkontakt",
    ]) {
      expect(sv).toContain(part);
    }
    expect(sv).toContain("Att tacka nej påverkar inte din terapi");
    const zh = consentShown({ riskItem: true }, "zh").text;
    for (const part of [
      "Telegram 或 Discord",
      "没有回答的反馈",
      "引发警报的原话",
      "/stop",
      "不会对你的治疗产生任何影响",
    ]) {
      expect(zh).toContain(part);
    }
  });

  // Discord takes 2000 characters. The consent is edited to end with "✓ I agree" once chosen, so it
  // must fit with room to spare; a longer one would be split, and only its first part survives the edit.
  it("fits one Discord message in every language, for every region of the shipped crisis resources", () => {
    const regions = [...new Set(prompts().crisisExamples.flatMap((r) => (r.region ? [r.region] : [])))];
    expect(regions.length).toBeGreaterThan(0);
    let longest = 0;
    for (const locale of locales) {
      const { h, seeded, user } = consentShown({ riskItem: true, retentionDays: 3650 }, locale);
      for (const region of [...regions, null]) {
        h.handle.sqlite.prepare("update clients set region = ? where id = ?").run(region, seeded.clientId);
        user.command("start");
        const text = user.read().at(-1)?.text ?? "";
        expect(text, `${locale} ${region}`).toContain("Interlude");
        longest = Math.max(longest, text.length);
        expect(text.length, `${locale} ${region}: ${text.length} characters`).toBeLessThanOrEqual(1900);
      }
    }
    expect(longest).toBeGreaterThan(500);
  });

  it("stores a new version whenever the text a client saw differs (here: another retention period)", () => {
    const versionAfterAgreeing = (settings: Partial<PracticeSettings>) => {
      const { h, user, message } = consentShown(settings);
      user.pressLabel("I agree", message ? [message] : []);
      const version = h.handle.db.select().from(consents).get()?.version;
      const digest = createHash("sha256")
        .update(message?.text ?? "")
        .digest("hex")
        .slice(0, 12);
      expect(version).toBe(`en:${digest}`);
      return version;
    };
    const standard = versionAfterAgreeing({});
    expect(versionAfterAgreeing({ retentionDays: 730 })).not.toBe(standard);
    expect(versionAfterAgreeing({ riskItem: true })).not.toBe(standard);
  });
});
