/**
 * `/later`: keeping a topic for the next session, listing, changing its words or its release, and
 * withdrawing it (deleted, not hidden). Every bad input gets a clear reply and changes nothing; risk
 * words in a topic raise an alert whatever its release; audits carry ids and kinds, never words.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, auditLog, choiceSets, clients, topics } from "../../src/db/schema.js";
import { topicCharacters, topicsPerClient } from "../../src/engine/topics-command.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, prompts, seedPractice } from "../helpers/harness.js";

type Key = Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1];
const t = (key: Key, values = {}, locale: "en" | "sv" | "zh" = "en") => prompts().messages.t(locale, key, values);

function scene(settings = {}) {
  const h = createHarness();
  const { seeded, user } = enrolledClient(h, { settings });
  const stored = () => h.handle.db.select().from(topics).all();
  return { h, seeded, user, stored };
}

describe("/later", () => {
  it("keeps a topic with the practice's default release and offers the other releases and Withdraw", () => {
    const { user, stored, seeded, h } = scene();
    user.command("later", "  the argument at work  ");
    const [kept] = user.read();
    expect(kept?.text).toBe(`${t("topics.kept")}\n${t("topics.release_before")}`);
    expect([...(kept?.buttons.keys() ?? [])]).toEqual([
      t("topics.button_before"),
      t("topics.button_at"),
      t("topics.button_just_for_me"),
      t("topics.button_withdraw"),
    ]);
    expect(stored().map(({ text, release, releasedAt }) => ({ text, release, releasedAt }))).toEqual([
      { text: "the argument at work", release: "before_session", releasedAt: null },
    ]);
    const entries = h.handle.db.select().from(auditLog).where(eq(auditLog.action, "topic.kept")).all();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.subject).toBe(`client:${seeded.clientId}`);
    expect(JSON.stringify(entries)).not.toContain("argument");
  });

  it("starts a topic with the practice's own default", () => {
    const { user, stored } = scene({ topicRelease: "just_for_me" });
    user.command("later", "my own thought");
    expect(user.read()[0]?.text).toBe(`${t("topics.kept")}\n${t("topics.release_just_for_me")}`);
    expect(stored()[0]?.release).toBe("just_for_me");
  });

  it("confirms in the client's language", () => {
    const h = createHarness();
    const { user } = enrolledClient(h, { locale: "sv" });
    user.command("later", "bråket på jobbet");
    expect(user.read()[0]?.text).toBe(`${t("topics.kept", {}, "sv")}\n${t("topics.release_before", {}, "sv")}`);
    const zh = createHarness();
    const other = enrolledClient(zh, { locale: "zh" });
    other.user.command("later", "工作上的争执");
    expect(other.user.read()[0]?.text).toBe(`${t("topics.kept", {}, "zh")}\n${t("topics.release_before", {}, "zh")}`);
  });

  it("lists the client's topics, numbered, each with its buttons; an empty list says how to keep one", () => {
    const { user } = scene();
    user.command("later");
    expect(user.read().map((m) => m.text)).toEqual([t("topics.list_empty")]);
    user.command("later", "first");
    user.command("later", "second");
    user.read();
    user.command("later");
    const listed = user.read();
    expect(listed.map((m) => m.text)).toEqual([
      t("topics.list_header", { count: 2 }),
      `1. first\n${t("topics.release_before")}`,
      `2. second\n${t("topics.release_before")}`,
    ]);
    expect(listed[2]?.buttons.size).toBe(4);
  });

  it("changes a topic's release with a button, and withdraws it: deleted with its buttons", () => {
    const { user, stored, h } = scene();
    user.command("later", "something");
    const [kept] = user.read();
    user.press(kept?.buttons.get(t("topics.button_at")) as string);
    const afterRelease = user.read();
    expect(afterRelease.at(-1)?.text).toBe(t("topics.release_at"));
    expect(stored()[0]?.release).toBe("at_session");
    user.command("later");
    const item = user.read()[1];
    user.press(item?.buttons.get(t("topics.button_withdraw")) as string);
    expect(user.read().at(-1)?.text).toBe(t("topics.withdrawn"));
    expect(stored()).toEqual([]);
    expect(h.handle.db.select().from(choiceSets).where(eq(choiceSets.purpose, "topic")).all()).toEqual([]);
    // An old button of the withdrawn topic changes nothing.
    user.press(kept?.buttons.get(t("topics.button_just_for_me")) as string);
    expect(user.read().map((m) => m.text)).toEqual([t("checkin.stale")]);
    const actions = h.handle.db
      .select()
      .from(auditLog)
      .all()
      .map((e) => e.action)
      .filter((a) => a.startsWith("topic."));
    expect(actions).toEqual(["topic.kept", "topic.release", "topic.withdrawn"]);
  });

  it("changes a topic's words with /later #N, and refuses what it cannot do, changing nothing", () => {
    const { user, stored } = scene();
    user.command("later", "old words");
    user.read();
    user.command("later", "#1   new words");
    expect(user.read().map((m) => m.text)).toEqual([t("topics.edited", { number: 1 })]);
    expect(stored()[0]?.text).toBe("new words");
    user.command("later", "#2 other");
    user.command("later", "#1");
    user.command("later", `#1 ${"x".repeat(topicCharacters + 1)}`);
    user.command("later", "y".repeat(topicCharacters + 1));
    expect(user.read().map((m) => m.text)).toEqual([
      t("topics.no_such", { number: 2 }),
      t("topics.edit_usage", { number: 1 }),
      t("topics.too_long", { max: topicCharacters }),
      t("topics.too_long", { max: topicCharacters }),
    ]);
    expect(stored().map((s) => s.text)).toEqual(["new words"]);
  });

  it(`keeps at most ${topicsPerClient} topics`, () => {
    const { user, stored } = scene();
    for (let i = 1; i <= topicsPerClient; i++) user.command("later", `topic ${i}`);
    user.read();
    user.command("later", "one more");
    expect(user.read().map((m) => m.text)).toEqual([t("topics.too_many", { max: topicsPerClient })]);
    expect(stored()).toHaveLength(topicsPerClient);
  });

  it("a released topic keeps its words and release; it can still be withdrawn", () => {
    const { user, stored, h } = scene();
    user.command("later", "shared already");
    const [kept] = user.read();
    h.handle.db.update(topics).set({ releasedAt: h.clock.now() }).run();
    user.command("later", "#1 changed");
    user.press(kept?.buttons.get(t("topics.button_just_for_me")) as string);
    expect(user.read().map((m) => m.text)).toEqual([t("topics.already_shared"), t("topics.already_shared")]);
    expect(stored().map(({ text, release }) => ({ text, release }))).toEqual([
      { text: "shared already", release: "before_session" },
    ]);
    user.command("later");
    const item = user.read()[1];
    expect([...(item?.buttons.keys() ?? [])]).toEqual([t("topics.button_withdraw")]);
    user.press(item?.buttons.get(t("topics.button_withdraw")) as string);
    expect(stored()).toEqual([]);
  });

  it("risk words in a topic raise an alert, even one kept just for the client", () => {
    const { user, stored, h, seeded } = scene({ topicRelease: "just_for_me" });
    user.command("later", "I want to kill myself");
    const texts = user.read().map((m) => m.text);
    // The crisis reply first, then the confirmation: the topic is kept as the client asked.
    expect(texts[0]).toContain(t("crisis.resource", { name: "Emergency (ambulance, police, fire)", contact: "112" }));
    expect(texts.at(-1)).toBe(`${t("topics.kept")}\n${t("topics.release_just_for_me")}`);
    const opened = h.handle.db.select().from(alerts).all();
    expect(opened.map((a) => ({ kind: a.kind, clientId: a.clientId }))).toEqual([
      { kind: "risk", clientId: seeded.clientId },
    ]);
    expect(stored().map((s) => s.release)).toEqual(["just_for_me"]);
  });

  it("the consent says, in every language, that topics are screened like any message, even just-for-me ones", () => {
    const justForMe = { en: "just for me", sv: "bara för mig", zh: "只给我自己" } as const;
    for (const locale of ["en", "sv", "zh"] as const) {
      const consent = t("consent.text", {}, locale);
      const bullet = consent.split("\n").find((line) => line.includes("/later"));
      expect(bullet, locale).toContain(justForMe[locale]);
      // Right after the bullet on what raises an alert.
      const lines = consent.split("\n");
      expect(lines[lines.indexOf(bullet as string) - 1], locale).toContain("{alert_triggers}");
    }
  });

  it("is for consented clients only: an invited client is asked to consent, a stopped one is told", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const invited = new ChatUser(h);
    invited.command("start", seeded.code);
    invited.read();
    invited.command("later", "something");
    expect(invited.read()[0]?.text).toBe(t("consent.pending"));
    h.handle.db.update(clients).set({ status: "stopped" }).run();
    invited.command("later", "something");
    expect(invited.read().map((m) => m.text)).toEqual([t("commands.already_stopped")]);
    expect(h.handle.db.select().from(topics).all()).toEqual([]);
  });
});
