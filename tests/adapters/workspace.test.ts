/**
 * The therapist's workspace end to end on both platforms, through the real grammY and discord.js
 * clients against the local fakes: /invite on Telegram brings the bot's link and a QR code of it, on
 * Discord the `/link CODE` to forward; the client links with it; /clients, /pause and /resume work on
 * the clinician's own client, and another therapist's alias is answered as an unknown one. The menus:
 * the Telegram clinician's chat lists the workspace commands with the clinician's descriptions while
 * the clients' menu keeps the clients' /pause; Discord registers one command per name.
 */
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist, getClient } from "../../src/db/repos/people.js";
import { clients as clientsTable, outbox } from "../../src/db/schema.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";
import { prompts } from "../helpers/harness.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const t = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values?: Record<string, string>) =>
  prompts().messages.t("en", key, values);

describe("the therapist's workspace in chat", () => {
  it("invites, lists, pauses and resumes on Telegram and Discord, for the clinician's own clients only", async () => {
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups);
    const now = new Date();
    const { db } = app.database;
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const onTelegram = createTherapist(db, { practiceId: practice.id, alias: "T-tg" }, now);
    const onDiscord = createTherapist(db, { practiceId: practice.id, alias: "T-dc" }, now);
    createClient(
      db,
      {
        practiceId: practice.id,
        therapistId: onDiscord.id,
        alias: "Elm-2",
        locale: "en",
        checkinId: "alliance-safety",
      },
      now,
    );
    const tgTherapist = telegramFake.user(3001);
    tgTherapist.send(`/start ${createInvite(db, { therapistId: onTelegram.id }, now, 7).code}`);
    const dcTherapist = discordFake.user("4001");
    dcTherapist.sendDM(`/link ${createInvite(db, { therapistId: onDiscord.id }, now, 7).code}`);
    await telegramFake.waitFor(() => tgTherapist.messages().length >= 1);
    await discordFake.waitFor(() => dcTherapist.messages().length >= 1);
    const tgTexts = () => tgTherapist.messages().map((m) => m.text || m.caption || "");

    // Telegram: the note, the link to forward, then the QR code of the same link.
    tgTherapist.send("/invite Oak-1");
    await telegramFake.waitFor(() => tgTherapist.messages().some((m) => m.photo));
    const link = /https:\/\/t\.me\/interlude_test_bot\?start=([A-Za-z0-9_-]+)/.exec(tgTexts().join("\n"));
    expect(link).not.toBeNull();
    const [url, code] = link as unknown as [string, string];
    const [note, invite, photo] = tgTherapist.messages().slice(1);
    expect(note?.text).toContain("Oak-1 is now one of your clients");
    expect(invite?.text).toContain(url);
    expect(photo?.caption).toBe(t("workspace.invite_qr_caption", { link: url }));
    const pngBytes = photo?.photo?.data as Buffer;
    const picture = PNG.sync.read(pngBytes);
    const modules = QRCode.create(url, { errorCorrectionLevel: "M" }).modules.size;
    expect(picture.width).toBe((modules + 8) * 8);
    // Once sent, Interlude's copies of the link and the picture are gone: the database keeps the code's hash.
    const outboxText = () => JSON.stringify(db.select().from(outbox).all());
    await telegramFake.waitFor(() => !outboxText().includes(code));
    expect(outboxText()).not.toContain(pngBytes.toString("base64").slice(-200));

    // The client opens the link (Telegram sends /start CODE) and agrees.
    const client = telegramFake.user(1001);
    client.send(`/start ${code}`);
    await telegramFake.waitFor(() => client.buttons().some((b) => b.text === "I agree"));
    client.press(
      client.lastMessage()?.message_id as number,
      client.buttons().find((b) => b.text === "I agree")?.callback_data as string,
    );
    const oak = () =>
      app.database.db
        .select()
        .from(clientsTable)
        .all()
        .find((c) => c.alias === "Oak-1");
    await telegramFake.waitFor(() => oak()?.status === "active");

    const ask = async (text: string) => {
      const before = tgTherapist.messages().length;
      tgTherapist.send(text);
      await telegramFake.waitFor(() => tgTherapist.messages().length > before);
      return tgTherapist.messages().at(-1)?.text;
    };
    expect(await ask("/clients")).toBe(
      [t("workspace.clients_header", { count: "1" }), "Oak-1 · active · no answers yet"].join("\n"),
    );
    expect(await ask("/pause oak-1")).toBe(t("workspace.paused", { alias: "Oak-1" }));
    expect(getClient(db, oak()?.id as number)?.status).toBe("paused");
    expect(await ask("/resume Oak-1")).toBe(t("workspace.resumed", { alias: "Oak-1" }));
    expect(getClient(db, oak()?.id as number)?.status).toBe("active");
    // T-dc's client, from T-tg: the answer nobody's alias gets, and Elm-2 untouched.
    expect(await ask("/pause Elm-2")).toBe(t("workspace.unknown_alias", { alias: "Elm-2" }));
    expect(await ask("/pause Nobody-9")).toBe(t("workspace.unknown_alias", { alias: "Nobody-9" }));

    // Discord: the /link CODE to forward, no picture.
    dcTherapist.sendDM("/invite Birch-3 sv");
    await discordFake.waitFor(() => dcTherapist.messages().some((m) => /\/link [A-Za-z0-9_-]{16,}/.test(m.content)));
    const dcInvite = dcTherapist.messages().find((m) => /\/link [A-Za-z0-9_-]{16,}/.test(m.content));
    expect(dcInvite?.content).toMatch(/^Din terapeut har bjudit in dig till Interlude/);
    expect(dcTherapist.messages().some((m) => m.attachments?.length)).toBe(false);
    const dcCode = /\/link ([A-Za-z0-9_-]+)/.exec(dcInvite?.content ?? "")?.[1] as string;
    const dcClient = discordFake.user("2001");
    dcClient.sendDM(`/link ${dcCode}`);
    await discordFake.waitFor(() => dcClient.buttons().some((b) => b.label === "Jag godkänner"));

    // The same commands as slash commands, /pause with the clinicians' option.
    const dcVisible = () => dcTherapist.messages().filter((m) => !m.deleted && !m.loading);
    const before = dcVisible().length;
    dcTherapist.slash("pause", { alias: "Oak-1" });
    await discordFake.waitFor(() => dcVisible().length > before);
    expect(dcVisible().at(-1)?.content).toBe(t("workspace.unknown_alias", { alias: "Oak-1" }));
    const beforeList = dcVisible().length;
    dcTherapist.slash("clients");
    await discordFake.waitFor(() => dcVisible().length > beforeList);
    expect(dcVisible().at(-1)?.content.split("\n")).toEqual([
      t("workspace.clients_header", { count: "2" }),
      "Birch-3 · joined, consent pending · no answers yet",
      "Elm-2 · invited, not joined yet · no answers yet",
    ]);
    expect(getClient(db, oak()?.id as number)?.status).toBe("active");
  }, 60_000);

  it("shows the workspace in the clinicians' menus, and keeps the clients' /pause for clients", async () => {
    const { app, telegramFake, discordFake } = await startBothPlatforms(cleanups);
    const now = new Date();
    const { db } = app.database;
    const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, now);
    const therapist = createTherapist(db, { practiceId: practice.id, alias: "T-sv", locale: "sv" }, now);
    const user = telegramFake.user(3002);
    user.send(`/start ${createInvite(db, { therapistId: therapist.id }, now, 7).code}`);
    await telegramFake.waitFor(() => user.messages().length >= 1);
    await app.menus.tick();
    const sv = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("sv", key);

    const menu = telegramFake.commandsFor("", { type: "chat", chat_id: 3002 }) ?? [];
    for (const [command, key] of [
      ["invite", "workspace.menu_invite"],
      ["reinvite", "workspace.menu_reinvite"],
      ["clients", "workspace.menu_clients"],
      ["pause", "workspace.menu_pause"],
      ["resume", "workspace.menu_resume"],
      ["schedule", "workspace.menu_schedule"],
      ["language", "workspace.menu_language"],
    ] as const) {
      expect(menu.find((entry) => entry.command === command)?.description, command).toBe(sv(key));
    }
    expect(menu.filter((entry) => entry.command === "pause")).toHaveLength(1);
    const clientsMenu = telegramFake.commandsFor("sv") ?? [];
    expect(clientsMenu.find((entry) => entry.command === "pause")?.description).toBe(sv("menu.pause"));
    expect(clientsMenu.some((entry) => entry.command === "invite")).toBe(false);

    const registered = discordFake.commands;
    const pause = registered.find((command) => command.name === "pause");
    expect(pause?.description_localizations?.["sv-SE"]).toBe(sv("menu.pause"));
    expect(pause?.options?.[0]).toMatchObject({ name: "alias", required: false });
    expect(registered.find((command) => command.name === "invite")?.description_localizations?.["sv-SE"]).toBe(
      sv("workspace.menu_invite"),
    );
  }, 60_000);
});
