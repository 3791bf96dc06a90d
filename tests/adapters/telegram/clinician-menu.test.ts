/**
 * The clinicians' command menu on Telegram, against the local fake Bot API (the engine's sync in
 * src/engine/clinician-menus.ts carried out by adapters/telegram/clinician-menu.ts): published in a linked
 * therapist's chat in their language, published for a therapist who links later, left alone when
 * nothing changed, and removed when the therapist is deactivated, also while the bot was not running
 * (when deactivation has deleted the chat account, and on a database from before menus were recorded).
 * One chat that cannot be cleared holds back no other. Clients' chats get none.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramMenuChannel } from "../../../adapters/telegram/clinician-menu.js";
import { deactivateClinician } from "../../../src/admin/deactivate-clinician.js";
import { createInvite } from "../../../src/db/repos/invites.js";
import { createTherapist, deactivateTherapist } from "../../../src/db/repos/people.js";
import { clinicianMenus } from "../../../src/db/schema.js";
import { clinicianMenuEntries, syncClinicianMenus } from "../../../src/engine/clinician-menus.js";
import { projectRoot } from "../../../src/project-root.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";
import { enrolledClient } from "../../helpers/enrolled.js";
import { ChatUser, createHarness, prompts } from "../../helpers/harness.js";

const fakes: FakeBotApi[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function scene() {
  const fake = await FakeBotApi.start();
  fakes.push(fake);
  const h = createHarness();
  const { seeded } = enrolledClient(h, { user: new ChatUser(h, "1001", "1001", "telegram") });
  new ChatUser(h, "3003", "3003", "telegram").command("start", seeded.therapistCode);
  /** A process's menu sync: its own channel and API client, the database shared (as after a restart). */
  const start = () => {
    const channel = new TelegramMenuChannel(new Api(fake.token, { apiRoot: fake.apiRoot }));
    const deps = { db: h.handle.db, clock: h.clock, messages: prompts().messages };
    return { sync: () => syncClinicianMenus(deps, channel) };
  };
  const menus = start();
  const menuIn = (chatId: number) => fake.commandsFor("", { type: "chat", chat_id: chatId });
  const restart = start;
  /** Deactivated the way `therapist deactivate` does it: the caseload handed over, the chat account deleted. */
  const deactivate = (therapistId: number) => {
    const successor = createTherapist(
      h.handle.db,
      { practiceId: seeded.practiceId, alias: `S${therapistId}` },
      h.clock.now(),
    );
    h.handle.db.transaction((tx) => deactivateClinician(tx, prompts(), therapistId, successor.id, h.clock.now()));
  };
  return { fake, h, seeded, menus, menuIn, restart, deactivate };
}

/** The statements a migration file holds, as drizzle splits them. */
const migrationStatements = (file: string) =>
  readFileSync(join(projectRoot, "drizzle", file), "utf8")
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");

const clinicianMenuLength = clinicianMenuEntries(prompts().messages, "telegram", "en").length;

describe("the clinicians' command menu", () => {
  it("is set in a linked therapist's chat, in their language, and nowhere else", async () => {
    const { menus, menuIn } = await scene();
    await menus.sync();
    expect(menuIn(3003)).toEqual(clinicianMenuEntries(prompts().messages, "telegram", "en"));
    expect(menuIn(3003)?.map((entry) => entry.command)).toEqual([
      "summary",
      "alerts",
      "ack",
      "session",
      "sessions",
      "web",
      "help",
      "invite",
      "reinvite",
      "clients",
      "pause",
      "resume",
      "schedule",
      "language",
    ]);
    expect(menuIn(1001)).toBeUndefined();
  });

  it("follows therapists who link later and those who are deactivated, calling the API only for changes", async () => {
    const { fake, h, seeded, menus, menuIn } = await scene();
    await menus.sync();
    const second = createTherapist(
      h.handle.db,
      { practiceId: seeded.practiceId, alias: "T2", locale: "sv" },
      h.clock.now(),
    );
    const { code } = createInvite(h.handle.db, { therapistId: second.id }, h.clock.now(), 7);
    new ChatUser(h, "4004", "4004", "telegram").command("start", code);
    const callsBefore = fake.calls.filter((c) => c.method === "setMyCommands").length;
    await menus.sync();
    expect(menuIn(4004)?.[0]?.description).toBe(prompts().messages.t("sv", "menu.summary"));
    // Only the new therapist's chat was written.
    expect(fake.calls.filter((c) => c.method === "setMyCommands").length).toBe(callsBefore + 1);

    deactivateTherapist(h.handle.db, seeded.therapistId);
    await menus.sync();
    // Deleted: that chat falls back to the default (clients') menu.
    expect(menuIn(3003) ?? []).toEqual([]);
    expect(fake.calls.filter((c) => c.method === "deleteMyCommands")).toHaveLength(1);
    expect(menuIn(4004)).toHaveLength(clinicianMenuLength);
  });

  it("clears the menu of a therapist deactivated while the bot was not running", async () => {
    const { h, seeded, menus, menuIn, restart } = await scene();
    await menus.sync();
    deactivateTherapist(h.handle.db, seeded.therapistId);
    await restart().sync();
    expect(menuIn(3003) ?? []).toEqual([]);
  });

  it("clears the menu of a therapist deactivated and unlinked while the bot was not running", async () => {
    const { menus, menuIn, restart, deactivate, seeded } = await scene();
    await menus.sync();
    expect(menuIn(3003)).toHaveLength(clinicianMenuLength);
    deactivate(seeded.therapistId);
    await restart().sync();
    expect(menuIn(3003) ?? []).toEqual([]);
  });

  it("clears, after the upgrade, the menu of a therapist unlinked before menus were recorded", async () => {
    const { h, menus, menuIn, restart, deactivate, seeded } = await scene();
    await menus.sync();
    deactivate(seeded.therapistId);
    // A database from before the record: no rows, then the migration's own backfill.
    h.handle.db.delete(clinicianMenus).run();
    for (const statement of migrationStatements("0004_clinician_menus.sql").filter((s) => s.includes("INSERT"))) {
      h.handle.sqlite.exec(statement);
    }
    await restart().sync();
    expect(menuIn(3003) ?? []).toEqual([]);
  });

  it("clears the other chats when one cannot be cleared, and tries that one again next time", async () => {
    const { fake, h, seeded, menus, menuIn } = await scene();
    for (const [alias, chat] of [
      ["T2", "4004"],
      ["T3", "5005"],
    ] as const) {
      const row = createTherapist(h.handle.db, { practiceId: seeded.practiceId, alias }, h.clock.now());
      const { code } = createInvite(h.handle.db, { therapistId: row.id }, h.clock.now(), 7);
      new ChatUser(h, chat, chat, "telegram").command("start", code);
    }
    await menus.sync();
    for (const id of [1, 2, 3]) deactivateTherapist(h.handle.db, id);
    // The first chat cannot be cleared now, the second no longer exists for Telegram.
    fake.failNext("deleteMyCommands", 1, { error_code: 502, description: "Bad Gateway" });
    fake.failNext("deleteMyCommands", 1, { error_code: 400, description: "Bad Request: chat not found" });
    await expect(menus.sync()).rejects.toThrow();
    expect(menuIn(5005) ?? []).toEqual([]);
    expect(menuIn(3003)).toHaveLength(clinicianMenuLength);

    const deletes = () => fake.calls.filter((c) => c.method === "deleteMyCommands").length;
    const before = deletes();
    await menus.sync();
    expect(menuIn(3003) ?? []).toEqual([]);
    // Only the chat that failed was tried again; the one Telegram refused is not asked about again.
    expect(deletes()).toBe(before + 1);
    await menus.sync();
    expect(deletes()).toBe(before + 1);
  });
});
