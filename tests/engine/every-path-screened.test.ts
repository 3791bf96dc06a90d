/**
 * Every path by which a linked client's words reach the engine is screened for risk (step 9 §2): the
 * asides adapters make of edits, forwards and captions, and the engine's own text paths that are not a
 * check-in answer — the follow-up note, the ceiling question, the check-in note and a message after
 * /stop. Each gets the crisis reply and an alert for the therapist; an aside without risk words gets
 * one line saying it is not read as an answer, and changes nothing.
 */
import { describe, expect, it } from "vitest";
import { answers } from "../../src/db/schema.js";
import type { AsideSource } from "../../src/engine/events.js";
import type { Locale } from "../../src/i18n/locales.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, type Harness, prompts } from "../helpers/harness.js";
import { recordCheckin } from "../helpers/history.js";
import { allAlerts, minutes, safetyScene, triggerRows } from "../helpers/safety.js";

const t = (locale: Locale, key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) =>
  prompts().messages.t(locale, key);

const disclosures: Record<Locale, string> = {
  en: "I have the tablets ready and I want to kill myself",
  sv: "jag har tabletterna framme och jag vill ta livet av mig",
  zh: "药已经准备好了，我想自杀",
};

const crisisResources = [{ region: "SE", name: "Crisis line", contact: "0000", verified: true }];

/** An enrolled client in `locale` with their therapist linked in chat. */
function sceneIn(h: Harness, locale: Locale, settings: Record<string, unknown> = {}) {
  const { seeded, user } = enrolledClient(h, {
    locale,
    settings: { region: "SE", crisisResources, ...settings },
  });
  const therapist = new ChatUser(h, "therapist-1", "therapist-chat");
  therapist.command("start", seeded.therapistCode);
  therapist.read();
  return { seeded, client: user, therapist };
}

const storedAnswers = (h: Harness) => h.handle.db.select().from(answers).all();

/** The crisis reply reached the client, one risk alert holds `words`, and the therapist was told. */
function expectCrisisAndAlert(
  h: Harness,
  replies: string[],
  therapistMessages: string[],
  words: string,
  alias = "Client A",
) {
  // (Chinese puts a full-width colon between the resource's name and its number.)
  expect(replies[0]).toMatch(/• Crisis line[:：] ?0000/);
  const risk = allAlerts(h).filter((a) => a.kind === "risk");
  expect(risk.length).toBeGreaterThan(0);
  const triggers = risk.flatMap((a) => triggerRows(h, a.id));
  expect(triggers.map((row) => row.text)).toContain(words);
  expect(therapistMessages.some((m) => m.includes(alias))).toBe(true);
}

describe("asides: words that are screened but never an answer", () => {
  it.each<[AsideSource, Locale]>([
    ["edited", "en"],
    ["forwarded", "sv"],
    ["caption", "zh"],
  ])(
    "%s, with risk words (%s): the crisis reply and an alert for the therapist, and nothing else",
    (source, locale) => {
      const h = createHarness();
      const { client, therapist } = sceneIn(h, locale);
      client.send({ type: "aside", text: disclosures[locale], source });
      const replies = client.read().map((m) => m.text);
      expectCrisisAndAlert(
        h,
        replies,
        therapist.read().map((m) => m.text),
        disclosures[locale],
      );
      // No "not read as an answer" line after the crisis reply.
      expect(replies).toHaveLength(1);
      expect(replies).not.toContain(t(locale, `aside.${source}`));
    },
  );

  it.each<[AsideSource, Locale]>([
    ["edited", "en"],
    ["forwarded", "zh"],
    ["caption", "sv"],
  ])("%s, without risk words (%s): not read as an answer, and nothing changes", (source, locale) => {
    const h = createHarness();
    const { client, seeded, therapist } = sceneIn(h, locale);
    h.engine.startCheckin(seeded.clientId);
    const asked = client.read();
    client.send({ type: "aside", text: "4", source });
    expect(client.read().map((m) => m.text)).toEqual([t(locale, `aside.${source}`)]);
    expect(storedAnswers(h)).toHaveLength(0);
    expect(allAlerts(h)).toHaveLength(0);
    expect(therapist.read()).toHaveLength(0);
    // The question is still open: a fresh answer counts.
    client.pressLabel("4", asked);
    expect(storedAnswers(h).map((a) => a.value)).toEqual([4]);
  });

  it("an aside from an unlinked sender with risk words gets crisis help, like text does", () => {
    const h = createHarness();
    safetyScene(h);
    const stranger = new ChatUser(h, "stranger", "stranger-chat");
    stranger.send({ type: "aside", text: disclosures.en, source: "forwarded" });
    const [reply] = stranger.read();
    expect(reply?.text).toContain(t("en", "crisis.unlinked").split("\n")[0]);
    expect(reply?.text).toContain(t("zh", "crisis.unlinked").split("\n")[0]);
    expect(allAlerts(h)).toHaveLength(0);
  });

  it("an aside in a group with risk words gets crisis help there, like text does", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    h.engine.handle({
      platform: client.platform,
      platformUserId: client.platformUserId,
      chatId: "group-9",
      chatType: "group",
      updateId: "g1",
      payload: { type: "aside", text: disclosures.sv, source: "edited" },
    });
    const [reply] = new ChatUser(h, "reader", "group-9", client.platform).read();
    expect(reply?.text).toContain(t("sv", "crisis.unlinked").split("\n")[0]);
  });

  it("rejects an empty aside and one beyond the bound, like any malformed event", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    expect(client.send({ type: "aside", text: "", source: "edited" })).toBe("invalid");
    expect(client.send({ type: "aside", text: "x".repeat(8193), source: "edited" })).toBe("invalid");
  });
});

describe("engine text paths that are not a check-in answer", () => {
  it("the follow-up note: risk words in it get the crisis reply and an alert", () => {
    const h = createHarness();
    const { client, therapist, watch } = safetyScene(h);
    client.text("I want to kill myself");
    therapist.command("ack", String(allAlerts(h)[0]?.id));
    h.clock.advance(minutes(24 * 60));
    watch.tick();
    client.pressLabel(t("en", "follow_up.reached"));
    client.read();
    therapist.read();

    client.text(disclosures.en);
    const replies = client.read().map((m) => m.text);
    expectCrisisAndAlert(
      h,
      replies,
      therapist.read().map((m) => m.text),
      disclosures.en,
    );
    // A new alert: the first was acknowledged, and a client can never clear one.
    expect(allAlerts(h).filter((a) => a.acknowledgedAt === null)).toHaveLength(1);
  });

  it("the ceiling question: risk words in its answer get the crisis reply and an alert", () => {
    const h = createHarness();
    const { client, seeded, therapist } = sceneIn(h, "sv", { ceilingQuestion: true });
    for (let n = 0; n < 3; n++) {
      recordCheckin(h.handle.db, seeded.clientId, new Date(Date.UTC(2025, 11, 1 + n, 9)), [5, 5, 5, 5]);
    }
    h.engine.startCheckin(seeded.clientId);
    for (let n = 0; n < 4; n++) client.pressLabel("5");
    const asked = client.read().map((m) => m.text);
    const ceiling = prompts()
      .checkins.get("alliance-safety")
      ?.items.find((item) => item.id === "even_better");
    expect(asked.at(-1)).toContain(ceiling?.text.sv);

    client.text(disclosures.sv);
    const replies = client.read().map((m) => m.text);
    expectCrisisAndAlert(
      h,
      replies,
      therapist.read().map((m) => m.text),
      disclosures.sv,
    );
    const [trigger] = triggerRows(h, allAlerts(h)[0]?.id as number);
    expect(trigger?.occurrenceId).not.toBeNull();
  });

  it("the check-in note: risk words in it get the crisis reply and an alert", () => {
    const h = createHarness();
    const { client, seeded, therapist } = sceneIn(h, "zh");
    h.engine.startCheckin(seeded.clientId);
    client.read();
    for (let n = 0; n < 4; n++) client.text("4");
    client.read();
    client.text(disclosures.zh);
    const replies = client.read().map((m) => m.text);
    expectCrisisAndAlert(
      h,
      replies,
      therapist.read().map((m) => m.text),
      disclosures.zh,
    );
    expect(replies.at(-1)).toBe(t("zh", "checkin.thanks"));
  });

  it("after /stop: risk words from a stopped client get the crisis reply and an alert", () => {
    const h = createHarness();
    const { client, therapist } = safetyScene(h);
    client.command("stop");
    client.read();
    therapist.read();
    client.text(disclosures.en);
    const replies = client.read().map((m) => m.text);
    expectCrisisAndAlert(
      h,
      replies,
      therapist.read().map((m) => m.text),
      disclosures.en,
    );
  });
});
