/**
 * Every path by which a linked client's words reach Interlude is screened (step 9 §2), end to end
 * through the real grammY and discord.js clients against the local fakes: an edited message, an edited
 * caption, a forwarded message, a caption on a photo or file, a reply, a Discord edit and a slash
 * command's argument. Risk words on each path bring the crisis reply to the client and a risk alert to
 * the therapist; the same paths without risk words get one line saying the words are not read as an
 * answer (a reply is ordinary text and answers), and no answer changes.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { alerts, alertTriggers, answers, occurrences, outbox, topics } from "../../src/db/schema.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import type { FakeDiscord, FakeDiscordUser } from "../fakes/discord/fake-discord.js";
import type { FakeBotApi, FakeUser } from "../fakes/telegram/fake-bot-api.js";
import { startBothPlatforms } from "../helpers/both-platforms.js";

const risky = {
  en: "I have the tablets ready and I want to kill myself",
  sv: "jag har tabletterna framme och jag vill ta livet av mig",
  zh: "我想自杀",
};

const cleanups: Array<() => Promise<void>> = [];
let app: App;
let telegramFake: FakeBotApi;
let discordFake: FakeDiscord;
let practiceId: number;
let therapistId: number;
/** The client's therapist, linked in a Discord DM, so alerts cross platforms for the Telegram clients. */
let therapist: FakeDiscordUser;
let nextUser = 0;

beforeAll(async () => {
  ({ app, telegramFake, discordFake } = await startBothPlatforms(cleanups));
  const now = new Date();
  const { db } = app.database;
  practiceId = createPractice(
    db,
    {
      name: "P",
      timezone: "UTC",
      locale: "en",
      settings: {
        region: "SE",
        crisisResources: [{ region: "SE", name: "Crisis line", contact: "0000", verified: true }],
      },
    },
    now,
  ).id;
  therapistId = createTherapist(db, { practiceId, alias: "T" }, now).id;
  therapist = discordFake.user("3999");
  therapist.slash("link", { code: createInvite(db, { therapistId }, now, 7).code });
  await discordFake.waitFor(() => therapist.messages().some((m) => !m.deleted && m.content !== ""));
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const en = (key: MessageKey) => app.prompts.messages.t("en", key);

function newClient() {
  nextUser++;
  const alias = `Path-${nextUser}`;
  const now = new Date();
  const client = createClient(
    app.database.db,
    { practiceId, therapistId, alias, locale: "en", checkinId: "alliance-safety" },
    now,
  );
  return { clientId: client.id, alias, code: createInvite(app.database.db, { clientId: client.id }, now, 7).code };
}

async function telegramClient() {
  const { clientId, alias, code } = newClient();
  const user = telegramFake.user(5000 + nextUser);
  user.send(`/start ${code}`);
  await telegramFake.waitFor(() => user.buttons().some((b) => b.text === "I agree"));
  user.press(
    user.lastMessage()?.message_id as number,
    user.buttons().find((b) => b.text === "I agree")?.callback_data as string,
  );
  await telegramFake.waitFor(() => user.messages().some((m) => m.text === en("consent.accepted")));
  // Only what follows enrolment (the consent text names the crisis line too).
  const enrolled = user.messages().length;
  return {
    clientId,
    alias,
    user,
    texts: () =>
      user
        .messages()
        .slice(enrolled)
        .map((m) => m.text),
  };
}

async function discordClient() {
  const { clientId, alias, code } = newClient();
  const user = discordFake.user(String(6000 + nextUser));
  user.sendDM(`/link ${code}`);
  await discordFake.waitFor(() => user.buttons().some((b) => b.label === "I agree"));
  user.press(user.lastMessage()?.id as string, user.buttons().find((b) => b.label === "I agree")?.custom_id as string);
  await discordFake.waitFor(() => user.messages().some((m) => m.content === en("consent.accepted")));
  const enrolled = user.messages().length;
  return {
    clientId,
    alias,
    user,
    texts: () =>
      user
        .messages()
        .slice(enrolled)
        .map((m) => m.content),
  };
}

/** Starts a check-in and waits for its first question's buttons. */
async function openCheckin(clientId: number, hasFiveButtons: () => boolean) {
  app.engine.startCheckin(clientId);
  await app.dispatcher.drain();
  await telegramFake.waitFor(hasFiveButtons);
}

const answersOf = (clientId: number) =>
  app.database.db
    .select({ value: answers.value })
    .from(answers)
    .innerJoin(occurrences, eq(answers.occurrenceId, occurrences.id))
    .where(eq(occurrences.clientId, clientId))
    .orderBy(answers.id)
    .all()
    .map((a) => a.value);

function triggerTexts(clientId: number): Array<string | null> {
  const ids = app.database.db
    .select({ id: alerts.id })
    .from(alerts)
    .where(eq(alerts.clientId, clientId))
    .all()
    .map((a) => a.id);
  if (ids.length === 0) return [];
  return app.database.db
    .select()
    .from(alertTriggers)
    .where(inArray(alertTriggers.alertId, ids))
    .all()
    .map((t) => t.text);
}

/** Texts of every outbox row queued for this chat (sent or not). */
function queuedTexts(chatId: string): string[] {
  return app.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.chatId, chatId))
    .all()
    .map((row) => (row.payload as { text?: string }).text ?? "");
}

const asideLines = () => (["aside.edited", "aside.forwarded", "aside.caption"] as const).map(en);
const queuedAsides = (chatId: string) => queuedTexts(chatId).filter((t) => asideLines().includes(t)).length;

/**
 * The crisis reply reached the client, a risk alert holds the words, the therapist was told, and no
 * "not read as an answer" line was queued beyond the `asidesBefore` the test itself caused earlier.
 */
async function expectCrisisAndAlert(
  client: { clientId: number; alias: string; texts: () => string[] },
  chatId: string,
  words: string,
  asidesBefore = 0,
) {
  await telegramFake.waitFor(() => client.texts().some((t) => /Crisis line[:：] ?0000/.test(t)));
  const alert = app.database.db.select().from(alerts).where(eq(alerts.clientId, client.clientId)).get();
  expect(alert).toMatchObject({ kind: "risk", acknowledgedAt: null });
  expect(triggerTexts(client.clientId)).toContain(words);
  await discordFake.waitFor(() => therapist.messages().some((m) => m.content.includes(client.alias)), 10_000, "alert");
  expect(queuedAsides(chatId)).toBe(asidesBefore);
}

describe("Telegram: every path is screened", () => {
  let tg: Awaited<ReturnType<typeof telegramClient>>;
  const chat = () => String(tg.user.chatId);
  const send = async (act: (user: FakeUser) => void) => {
    tg = await telegramClient();
    act(tg.user);
  };

  it("an edited message with risk words: crisis reply and alert", async () => {
    await send((user) => user.send("fine, thanks"));
    await telegramFake.waitFor(() => tg.texts().includes(en("checkin.none_open")));
    tg.user.editLastMessage(risky.en);
    await expectCrisisAndAlert(tg, chat(), risky.en);
  });

  it("an edited caption with risk words: crisis reply and alert", async () => {
    await send((user) => user.sendPhoto("the view from my window"));
    await telegramFake.waitFor(() => tg.texts().includes(en("aside.caption")));
    tg.user.editLastMessage(risky.sv);
    await expectCrisisAndAlert(tg, chat(), risky.sv, 1);
  });

  it("a forwarded message with risk words: crisis reply and alert", async () => {
    await send((user) => user.forward(risky.en));
    await expectCrisisAndAlert(tg, chat(), risky.en);
  });

  it("a forwarded photo's caption with risk words: crisis reply and alert", async () => {
    await send((user) => user.forwardPhoto(risky.zh));
    await expectCrisisAndAlert(tg, chat(), risky.zh);
  });

  it("a photo caption with risk words: crisis reply and alert", async () => {
    await send((user) => user.sendPhoto(risky.en));
    await expectCrisisAndAlert(tg, chat(), risky.en);
  });

  it("a document caption with risk words: crisis reply and alert", async () => {
    await send((user) => user.sendDocument(risky.sv));
    await expectCrisisAndAlert(tg, chat(), risky.sv);
  });

  it("a reply with risk words: crisis reply and alert", async () => {
    tg = await telegramClient();
    await openCheckin(tg.clientId, () => tg.user.buttons().length === 5);
    tg.user.reply(tg.user.lastMessage()?.message_id as number, risky.zh);
    await expectCrisisAndAlert(tg, chat(), risky.zh);
  });

  it("edits, forwards and captions without risk words are not read as answers and change none", async () => {
    tg = await telegramClient();
    await openCheckin(tg.clientId, () => tg.user.buttons().length === 5);
    const first = tg.user.lastMessage()?.message_id;
    tg.user.send("4");
    await telegramFake.waitFor(() => tg.user.buttons().length === 5 && tg.user.lastMessage()?.message_id !== first);
    const second = tg.user.lastMessage()?.message_id as number;
    tg.user.editLastMessage("1");
    await telegramFake.waitFor(() => tg.texts().includes(en("aside.edited")));
    tg.user.forward("2");
    await telegramFake.waitFor(() => tg.texts().includes(en("aside.forwarded")));
    tg.user.sendPhoto("3");
    await telegramFake.waitFor(() => tg.texts().includes(en("aside.caption")));
    tg.user.sendDocument("5");
    await telegramFake.waitFor(() => tg.texts().filter((t) => t === en("aside.caption")).length === 2);
    expect(answersOf(tg.clientId)).toEqual([4]);
    // The second question is still the open one, and a reply to it answers it.
    expect(tg.user.lastMessage()?.text).toBe(en("aside.caption"));
    tg.user.reply(second, "5");
    await telegramFake.waitFor(() => answersOf(tg.clientId).length === 2);
    expect(answersOf(tg.clientId)).toEqual([4, 5]);
    expect(app.database.db.select().from(alerts).where(eq(alerts.clientId, tg.clientId)).all()).toHaveLength(0);
  });
});

describe("Discord: every path is screened", () => {
  let dc: Awaited<ReturnType<typeof discordClient>>;
  const chat = () => dc.user.dmChannelId;

  it("an edited DM with risk words: crisis reply and alert", async () => {
    dc = await discordClient();
    const id = dc.user.sendDM("fine, thanks");
    await discordFake.waitFor(() => dc.texts().includes(en("checkin.none_open")));
    dc.user.editDM(id, risky.en);
    await expectCrisisAndAlert(dc, chat(), risky.en);
  });

  it("a forwarded message with risk words: crisis reply and alert", async () => {
    dc = await discordClient();
    dc.user.forwardDM(risky.sv);
    await expectCrisisAndAlert(dc, chat(), risky.sv);
  });

  it("text sent with an attachment, with risk words: crisis reply and alert", async () => {
    dc = await discordClient();
    dc.user.sendDMWithAttachment(risky.zh);
    await expectCrisisAndAlert(dc, chat(), risky.zh);
  });

  it("a reply with risk words: crisis reply and alert", async () => {
    dc = await discordClient();
    dc.user.replyDM(dc.user.lastMessage()?.id as string, risky.en);
    await expectCrisisAndAlert(dc, chat(), risky.en);
  });

  it("a slash command's argument with risk words: crisis reply and alert", async () => {
    dc = await discordClient();
    dc.user.slash("summary", { alias: risky.zh });
    await expectCrisisAndAlert(dc, chat(), risky.zh);
  });

  it("a topic kept just for the client, changed to risk words with /later: crisis reply and alert", async () => {
    dc = await discordClient();
    dc.user.slash("later", { topic: "something for me" });
    await discordFake.waitFor(() => dc.user.buttons().some((b) => b.label === "Just for me"));
    const kept = dc.user.lastMessage();
    dc.user.press(kept?.id as string, dc.user.buttons().find((b) => b.label === "Just for me")?.custom_id as string);
    await discordFake.waitFor(() => dc.texts().includes(en("topics.release_just_for_me")));
    dc.user.slash("later", { topic: `#1 ${risky.sv}` });
    await expectCrisisAndAlert(dc, chat(), `#1 ${risky.sv}`);
    const [topic] = app.database.db.select().from(topics).where(eq(topics.clientId, dc.clientId)).all();
    expect(topic).toMatchObject({ release: "just_for_me", text: risky.sv, releasedAt: null });
  });

  it("edits, forwards and attachments without risk words are not read as answers and change none", async () => {
    dc = await discordClient();
    await openCheckin(dc.clientId, () => dc.user.buttons().length === 5);
    const first = dc.user.lastMessage()?.id;
    const id = dc.user.sendDM("4");
    await discordFake.waitFor(() => dc.user.buttons().length === 5 && dc.user.lastMessage()?.id !== first);
    const second = dc.user.lastMessage()?.id as string;
    const edit = dc.user.editDM(id, "1");
    await discordFake.waitFor(() => dc.texts().includes(en("aside.edited")));
    // The same edit delivered again is handled once; a second edit is a new one.
    discordFake.dispatch("MESSAGE_UPDATE", edit);
    dc.user.editDM(id, "2");
    await discordFake.waitFor(() => dc.texts().filter((t) => t === en("aside.edited")).length === 2);
    dc.user.forwardDM("3");
    await discordFake.waitFor(() => dc.texts().includes(en("aside.forwarded")));
    dc.user.sendDMWithAttachment("5");
    await discordFake.waitFor(() => dc.texts().includes(en("aside.caption")));
    expect(dc.texts().filter((t) => t === en("aside.edited"))).toHaveLength(2);
    expect(answersOf(dc.clientId)).toEqual([4]);
    // A reply is ordinary text: it answers the open question.
    dc.user.replyDM(second, "5");
    await discordFake.waitFor(() => answersOf(dc.clientId).length === 2);
    expect(answersOf(dc.clientId)).toEqual([4, 5]);
    expect(app.database.db.select().from(alerts).where(eq(alerts.clientId, dc.clientId)).all()).toHaveLength(0);
  });

  it("a slash command's own argument still works: the therapist acknowledges with /ack alert:N", async () => {
    dc = await discordClient();
    dc.user.sendDM(risky.en);
    await expectCrisisAndAlert(dc, chat(), risky.en);
    const alert = app.database.db.select().from(alerts).where(eq(alerts.clientId, dc.clientId)).get();
    therapist.slash("ack", { alert: String(alert?.id) });
    await discordFake.waitFor(
      () => app.database.db.select().from(alerts).where(eq(alerts.clientId, dc.clientId)).get()?.acknowledgedAt,
    );
  });
});
