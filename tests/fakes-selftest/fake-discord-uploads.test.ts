/**
 * Self-test of the fake Discord's uploads: a message created with files the way @discordjs/rest sends
 * them (payload_json + files[n]), attachment names and descriptions from `attachments[]`, Discord's
 * limits as 50035 bodies, and multipart refused where the fake does not take files.
 */
import { DiscordAPIError, REST, Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord/fake-discord.js";
import { tinyPng } from "../fakes/shared/png.js";

const ALICE = "200000000000000001";

const fakes: FakeDiscord[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function setUp() {
  const fake = await FakeDiscord.start({ echoBotMessages: false });
  fakes.push(fake);
  const rest = new REST({ api: fake.restRoot }).setToken(fake.token);
  const alice = fake.user(ALICE);
  return { fake, rest, alice, route: Routes.channelMessages(alice.dmChannelId) };
}

describe("fake Discord uploads", () => {
  it("creates a message with an uploaded file, named and described by attachments[]", async () => {
    const { fake, rest, alice, route } = await setUp();
    const png = tinyPng(8, 5, 4);
    const created = (await rest.post(route, {
      body: { content: "Week", attachments: [{ id: 0, filename: "chart.png", description: "Scores" }] },
      files: [{ data: png, name: "upload.png", contentType: "image/png" }],
    })) as { id: string; attachments: Array<Record<string, unknown>> };

    expect(created.attachments).toEqual([
      expect.objectContaining({
        filename: "chart.png",
        description: "Scores",
        content_type: "image/png",
        size: png.length,
        width: 8,
        height: 5,
      }),
    ]);
    const [view] = alice.messages();
    expect(view).toMatchObject({ id: created.id, content: "Week" });
    expect(view?.attachments?.[0]?.data.equals(png)).toBe(true);
    const [request] = fake.requestsTo("POST", route);
    expect(request?.body).toMatchObject({ content: "Week" });
    expect(request?.files).toMatchObject([{ field: "files[0]", fileName: "upload.png", contentType: "image/png" }]);
  });

  it("takes a file alone (no content), keeping its own name when attachments[] does not describe it", async () => {
    const { rest, alice, route } = await setUp();
    await rest.post(route, { files: [{ data: tinyPng(), name: "own.png" }] });
    expect(alice.lastMessage()?.attachments).toMatchObject([{ filename: "own.png" }]);
    expect(alice.lastMessage()?.attachments?.[0]?.description).toBeUndefined();
  });

  it("answers 50035 for a description over 1024 characters or an attachment without its file", async () => {
    const { rest, alice, route } = await setUp();
    const tooLong = await rest
      .post(route, {
        body: { content: "x", attachments: [{ id: 0, description: "d".repeat(1025) }] },
        files: [{ data: tinyPng(), name: "a.png" }],
      })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect(tooLong).toMatchObject({ code: 50035, status: 400 });
    expect(String((tooLong as Error).message)).toContain("attachments[0].description[BASE_TYPE_MAX_LENGTH]");

    const missing = await rest
      .post(route, { body: { content: "x", attachments: [{ id: 1 }] }, files: [{ data: tinyPng(), name: "a.png" }] })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 50035, status: 400 });
    expect(alice.messages()).toEqual([]);
  });

  it("refuses uploads on routes other than message creation, and keeps closed DMs and failNext working", async () => {
    const { fake, rest, alice, route } = await setUp();
    const sent = (await rest.post(route, { body: { content: "first" } })) as { id: string };
    const edit = await rest
      .patch(Routes.channelMessage(alice.dmChannelId, sent.id), {
        body: { content: "edited" },
        files: [{ data: tinyPng(), name: "a.png" }],
      })
      .catch((e: unknown) => e);
    expect(edit).toMatchObject({ status: 400 });
    expect(alice.lastMessage()?.content).toBe("first");

    fake.failNext("POST", /\/messages$/, 1, FakeDiscord.serverError(500));
    fake.closeDMs(ALICE);
    // @discordjs/rest retries the 500 with the same form; the retry then meets the closed DMs.
    const closed = await rest
      .post(route, { body: { content: "x" }, files: [{ data: tinyPng(), name: "a.png" }] })
      .catch((e: unknown) => e);
    expect(closed).toMatchObject({ code: 50007, status: 403 });
    expect(fake.requestsTo("POST", route).map((r) => r.status)).toEqual([200, 500, 403]);
  });
});
