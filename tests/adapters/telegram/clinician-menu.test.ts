/**
 * The clinicians' command menu on Telegram, against the local fake Bot API: published in a linked
 * therapist's chat in their language, published for a therapist who links later, left alone when
 * nothing changed, and removed when the therapist is deactivated (also while the bot was not
 * running). Clients' chats get none.
 */
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { ClinicianMenus, clinicianMenu } from "../../../adapters/telegram/clinician-menu.js";
import { createInvite } from "../../../src/db/repos/invites.js";
import { createTherapist, deactivateTherapist } from "../../../src/db/repos/people.js";
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
  const menus = new ClinicianMenus(new Api(fake.token, { apiRoot: fake.apiRoot }), h.handle.db, prompts());
  const menuIn = (chatId: number) => fake.commandsFor("", { type: "chat", chat_id: chatId });
  return { fake, h, seeded, menus, menuIn };
}

describe("the clinicians' command menu", () => {
  it("is set in a linked therapist's chat, in their language, and nowhere else", async () => {
    const { menus, menuIn } = await scene();
    await menus.sync();
    expect(menuIn(3003)).toEqual(
      clinicianMenu.map((command) => ({ command, description: prompts().messages.t("en", `menu.${command}`) })),
    );
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
    expect(menuIn(4004)).toHaveLength(clinicianMenu.length);
  });

  it("clears the menu of a therapist deactivated while the bot was not running", async () => {
    const { fake, h, seeded, menus, menuIn } = await scene();
    await menus.sync();
    deactivateTherapist(h.handle.db, seeded.therapistId);
    const afterRestart = new ClinicianMenus(new Api(fake.token, { apiRoot: fake.apiRoot }), h.handle.db, prompts());
    await afterRestart.sync();
    expect(menuIn(3003) ?? []).toEqual([]);
  });
});
