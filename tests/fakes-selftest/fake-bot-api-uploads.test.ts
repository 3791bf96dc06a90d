/**
 * Self-test of the fake Bot API's uploads: sendPhoto as grammY sends it (multipart with attach://),
 * a file uploaded straight under "photo", Telegram's caption limit and error texts, caption edits,
 * and scripted failures and blocked users for sendPhoto.
 */
import { Api, GrammyError, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { tinyPng } from "../fakes/shared/png.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";

const fakes: FakeBotApi[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function setUp() {
  const fake = await FakeBotApi.start();
  fakes.push(fake);
  const user = fake.user(77);
  user.send("/start");
  return { fake, user, api: new Api(fake.token, { apiRoot: fake.apiRoot }) };
}

/** A raw multipart call, for what grammY never sends. */
async function postForm(fake: FakeBotApi, method: string, form: FormData) {
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, { method: "POST", body: form });
  return { status: res.status, json: (await res.json()) as { ok: boolean; description?: string; result?: unknown } };
}

const keyboard = { inline_keyboard: [[{ text: "Seen", callback_data: "seen" }]] };

describe("fake Bot API uploads", () => {
  it("takes grammY's sendPhoto and keeps the bytes, file name, caption and keyboard", async () => {
    const { fake, user, api } = await setUp();
    const png = tinyPng(6, 4, 11);
    const sent = await api.sendPhoto(77, new InputFile(png, "week.png"), { caption: "Week", reply_markup: keyboard });

    expect(sent.photo).toEqual([
      { file_id: expect.any(String), file_unique_id: expect.any(String), width: 6, height: 4, file_size: png.length },
    ]);
    expect(sent).toMatchObject({ caption: "Week", chat: { id: 77 }, reply_markup: keyboard });
    expect("text" in sent).toBe(false);
    const view = user.lastMessage();
    expect(view).toMatchObject({ message_id: sent.message_id, text: "", caption: "Week" });
    expect(view?.photo).toMatchObject({ fileName: "week.png", width: 6, height: 4 });
    expect(view?.photo?.data.equals(png)).toBe(true);
    expect(user.buttons()).toEqual([{ text: "Seen", callback_data: "seen" }]);

    const [call] = fake.callsTo("sendPhoto");
    expect(call?.body).toMatchObject({ chat_id: "77", caption: "Week", photo: expect.stringMatching(/^attach:\/\//) });
    expect(call?.files?.map((f) => f.fileName)).toEqual(["week.png"]);
    // A button on a photo can be pressed like any other.
    expect(() => user.press(sent.message_id, "seen")).not.toThrow();
  });

  it("takes a file uploaded under 'photo' itself, and refuses missing, non-PNG and over-long captions", async () => {
    const { fake, user } = await setUp();
    const form = (fields: Record<string, string>, file?: Buffer) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ chat_id: "77", ...fields })) data.append(k, v);
      if (file) data.append("photo", new Blob([new Uint8Array(file)]), "p.png");
      return data;
    };
    expect((await postForm(fake, "sendPhoto", form({}, tinyPng()))).status).toBe(200);
    expect(user.lastMessage()?.photo?.fileName).toBe("p.png");
    expect(user.lastMessage()?.caption).toBeUndefined();

    expect((await postForm(fake, "sendPhoto", form({}))).json.description).toBe(
      "Bad Request: there is no photo in the request",
    );
    expect((await postForm(fake, "sendPhoto", form({}, Buffer.from("GIF89a-not-png")))).json.description).toBe(
      "Bad Request: IMAGE_PROCESS_FAILED",
    );
    expect((await postForm(fake, "sendPhoto", form({ caption: "c".repeat(1024) }, tinyPng()))).status).toBe(200);
    expect((await postForm(fake, "sendPhoto", form({ caption: "c".repeat(1025) }, tinyPng()))).json.description).toBe(
      "Bad Request: message caption is too long",
    );
    expect((await postForm(fake, "sendPhoto", form({ photo: "attach://nothing" }))).json.description).toContain(
      "can't find attached file",
    );
    const broken = await fetch(`${fake.apiRoot}/bot${fake.token}/sendPhoto`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zz" },
      body: "not multipart",
    });
    expect(broken.status).toBe(400);
  });

  it("edits a photo's caption (not its text) and drops the keyboard like Telegram", async () => {
    const { user, api } = await setUp();
    const photo = await api.sendPhoto(77, new InputFile(tinyPng(), "w.png"), { caption: "Q", reply_markup: keyboard });
    const text = await api.sendMessage(77, "plain");

    const noText = await api.editMessageText(77, photo.message_id, "Q ✓").catch((e: unknown) => e);
    expect((noText as GrammyError).description).toBe("Bad Request: there is no text in the message to edit");
    const noCaption = await api.editMessageCaption(77, text.message_id, { caption: "x" }).catch((e: unknown) => e);
    expect((noCaption as GrammyError).description).toBe("Bad Request: there is no caption in the message to edit");

    await api.editMessageCaption(77, photo.message_id, { caption: "Q ✓" });
    expect(user.messages().find((m) => m.message_id === photo.message_id)).toMatchObject({ caption: "Q ✓" });
    expect(user.buttons(photo.message_id)).toEqual([]);
    const again = await api.editMessageCaption(77, photo.message_id, { caption: "Q ✓" }).catch((e: unknown) => e);
    expect((again as GrammyError).description).toMatch(/^Bad Request: message is not modified/);
  });

  it("scripts sendPhoto failures and answers 403 for a user who blocked the bot", async () => {
    const { fake, api } = await setUp();
    fake.failNext("sendPhoto", 1, {
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
    const limited = await api.sendPhoto(77, new InputFile(tinyPng(), "w.png")).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(GrammyError);
    expect(limited).toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });

    fake.blockBot(77);
    const blocked = await api.sendPhoto(77, new InputFile(tinyPng(), "w.png")).catch((e: unknown) => e);
    expect(blocked).toMatchObject({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
    expect(fake.callsTo("sendPhoto").map((c) => c.status)).toEqual([429, 403]);
  });
});
