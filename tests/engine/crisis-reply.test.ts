/**
 * The crisis reply's words: risk words and a "yes" on the risk question each get their own opening,
 * both end by saying the therapist has been told and may not see it at once, the reply is the whole
 * reply to a message that is not an answer, and a Swedish or Chinese client reads only their own
 * language's resources, each once.
 */
import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/i18n/locales.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness, prompts } from "../helpers/harness.js";
import { safetyScene } from "../helpers/safety.js";

const t = (locale: Locale, key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) =>
  prompts().messages.t(locale, key);
const opening = (locale: Locale, key: "crisis.reply_text" | "crisis.reply_item") =>
  t(locale, key).split("\n")[0] as string;

describe("the crisis reply's words", () => {
  it("to risk words outside a check-in: the keyword wording, the therapist told, and nothing else", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    expect(client.text("I want to kill myself")).toBe("handled");
    const replies = client.read().map((m) => m.text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.startsWith(opening("en", "crisis.reply_text"))).toBe(true);
    expect(replies[0]?.endsWith(t("en", "crisis.told"))).toBe(true);
    expect(replies[0]).not.toContain(opening("en", "crisis.reply_item"));
    expect(replies.join("\n")).not.toContain(t("en", "checkin.none_open"));
  });

  it("to risk words typed at a scale question: the crisis reply alone, and the question stays open", () => {
    const h = createHarness();
    const { client, seeded } = safetyScene(h);
    h.engine.startCheckin(seeded.clientId);
    client.read();
    expect(client.text("I want to kill myself")).toBe("handled");
    const replies = client.read().map((m) => m.text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.startsWith(opening("en", "crisis.reply_text"))).toBe(true);
    // The client can still answer the question afterwards, by typing or by its buttons.
    expect(client.text("4")).toBe("handled");
    expect(
      client
        .read()
        .map((m) => m.text)
        .join("\n"),
    ).not.toContain(t("en", "checkin.reask"));
  });

  it("to a 'yes' on the risk question: its own wording, the therapist told", () => {
    const h = createHarness();
    const { client, seeded } = safetyScene(h);
    h.engine.startCheckin(seeded.clientId);
    client.read();
    for (const n of ["4", "4", "4", "4"]) client.text(n);
    client.pressLabel("Yes");
    const crisis = client.read().find((m) => m.text.includes("Crisis line"));
    expect(crisis?.text.startsWith(opening("en", "crisis.reply_item"))).toBe(true);
    expect(crisis?.text).not.toContain(opening("en", "crisis.reply_text"));
    expect(crisis?.text.endsWith(t("en", "crisis.told"))).toBe(true);
  });

  it.each([
    ["sv", "jag vill ta mitt liv"],
    ["zh", "我想自杀"],
  ] as const)("in %s: only that language's resources and labels, each once", (locale, words) => {
    const h = createHarness();
    // No resources of the practice's own: the shipped examples for Sweden, named in every language.
    const { user } = enrolledClient(h, { locale, settings: { riskItem: true, region: "SE" } });
    user.text(words);
    const [reply] = user.read().map((m) => m.text);
    expect(reply?.startsWith(opening(locale, "crisis.reply_text"))).toBe(true);
    const lines = (reply ?? "").split("\n");
    expect(new Set(lines).size).toBe(lines.length);
    const others = (["en", "sv", "zh"] as const).filter((l) => l !== locale);
    for (const resource of prompts().crisisExamples.filter((r) => r.region === "SE")) {
      const names = resource.name as Record<Locale, string>;
      const line = prompts().messages.t(locale, "crisis.resource", { name: names[locale], contact: "" });
      expect(lines.filter((l) => l.startsWith(line))).toHaveLength(1);
      for (const other of others) {
        const foreign = prompts().messages.t(locale, "crisis.resource", { name: names[other], contact: "" });
        expect(reply).not.toContain(foreign);
      }
    }
    expect(reply).not.toMatch(locale === "sv" ? /Emergency|[\u4e00-\u9fff]/ : /Nödnummer|Självmordslinjen|Emergency/);
    // Nobody is linked to hear of it yet: the promise, and still "may not see it at once".
    expect(reply?.endsWith(t(locale, "crisis.will_tell"))).toBe(true);
  });
});
