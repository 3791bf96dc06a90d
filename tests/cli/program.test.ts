/**
 * The CLI run in-process with `runCli`: practice → therapist → client set-up with `--json` output,
 * the printed invite code enrolling a client through the engine, `checkin send` before and after
 * consent, and bad input (exit 2, a message naming the option, nothing written to the database).
 */
import { describe, expect, it } from "vitest";
import { occurrences, outbox } from "../../src/db/schema.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";
import { ChatUser, createHarness, prompts } from "../helpers/harness.js";

const inviteCode = /^[A-Za-z0-9_-]{22}$/;

describe("set-up with --json", () => {
  it("creates a practice, a therapist and an invited client, and lists the client", async () => {
    const c = cli();
    const { practiceId, therapistId, clientId, client } = await setUp(c);
    expect(practiceId).toBeGreaterThan(0);
    expect(therapistId).toBeGreaterThan(0);
    expect(client).toMatchObject({ clientId, alias: "Oak-7", therapistId, locale: "en" });
    expect(client.inviteCode).toMatch(inviteCode);
    expect(new Date(client.inviteExpiresAt as string).getTime()).toBeGreaterThan(c.clock.now().getTime());
    expect(client).not.toHaveProperty("telegramLink");

    const list = await c.json("client", "list");
    expect(list).toEqual({
      clients: [{ clientId, alias: "Oak-7", therapistId, status: "invited", locale: "en", lastAnswerAt: null }],
    });
  });

  it("gives each client and therapist a distinct invite code", async () => {
    const c = cli();
    const { practiceId, therapistId, client } = await setUp(c);
    const therapist = await c.json("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    const second = await c.json("client", "add", "--therapist", String(therapistId), "--alias", "Birch-2");
    expect(therapist.inviteCode).toMatch(inviteCode);
    expect(second.inviteCode).toMatch(inviteCode);
    expect(new Set([client.inviteCode, second.inviteCode, therapist.inviteCode]).size).toBe(3);
  });

  it("adds a Telegram deep link only when the bot's username is configured", async () => {
    const c = cli({ TELEGRAM_BOT_USERNAME: "interlude_test_bot" });
    const { practiceId, client } = await setUp(c);
    expect(client.telegramLink).toBe(`https://t.me/interlude_test_bot?start=${client.inviteCode}`);
    const therapist = await c.json("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    expect(therapist.telegramLink).toBe(`https://t.me/interlude_test_bot?start=${therapist.inviteCode}`);
  });

  it("prints the invite code and the /link line in human-readable output", async () => {
    const c = cli({ TELEGRAM_BOT_USERNAME: "interlude_test_bot" });
    const { therapistId } = await setUp(c);
    const result = await c.run("client", "add", "--therapist", String(therapistId), "--alias", "Birch-2");
    expect(result.code).toBe(0);
    const code = /Invite code: ([A-Za-z0-9_-]{22}) /.exec(result.out.join("\n"))?.[1];
    expect(code).toBeDefined();
    expect(result.out).toContain(`In the chat, send: /link ${code}`);
    expect(result.out).toContain(`Telegram link: https://t.me/interlude_test_bot?start=${code}`);
  });

  it("honours --locale and --timezone and accepts a 40-character alias", async () => {
    const c = cli();
    const { therapistId } = await setUp(c);
    const alias = "A".repeat(40);
    const added = await c.json(
      "client",
      "add",
      "--therapist",
      String(therapistId),
      "--alias",
      alias,
      "--locale",
      "sv",
      "--timezone",
      "Asia/Shanghai",
    );
    expect(added).toMatchObject({ alias, locale: "sv" });
    const row = c.handle.sqlite.prepare("select alias, locale, timezone from clients where id = ?").get(added.clientId);
    expect(row).toEqual({ alias, locale: "sv", timezone: "Asia/Shanghai" });
  });
});

describe("enrolment and checkin send", () => {
  it("enrols with the printed code, refuses a check-in before consent and queues one after", async () => {
    const c = cli();
    const { clientId, client } = await setUp(c);
    const h = createHarness(c.handle, c.clock);
    const user = new ChatUser(h);

    expect(user.command("start", client.inviteCode as string)).toBe("handled");
    const consent = user.read();
    expect(ChatUser.buttonsOf(consent).size).toBe(2);

    // Linked but not yet consented: nothing may be sent.
    const before = snapshot(c.handle);
    const refused = await c.run("checkin", "send", "--client", String(clientId));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("--client");
    expect(refused.err).toContain("not active");
    expect(snapshot(c.handle)).toEqual(before);

    user.pressLabel(prompts().messages.t("en", "consent.accept"), consent);
    user.read();
    expect(((await c.json("client", "list")).clients as Array<{ status: string }>)[0]?.status).toBe("active");
    const occurrencesBefore = c.handle.db.select().from(occurrences).all().length;
    const outboxBefore = c.handle.db.select().from(outbox).all().length;

    const queued = await c.json("checkin", "send", "--client", String(clientId));
    expect(queued.clientId).toBe(clientId);
    const created = c.handle.db.select().from(occurrences).all();
    expect(created).toHaveLength(occurrencesBefore + 1);
    expect(created.at(-1)).toMatchObject({ id: queued.occurrenceId, clientId, status: "open" });
    expect(c.handle.db.select().from(outbox).all().length).toBeGreaterThan(outboxBefore);
    // The first question is waiting for the client's chat, with answer buttons.
    const question = user.read();
    expect(question.length).toBeGreaterThan(0);
    expect(ChatUser.buttonsOf(question).size).toBeGreaterThan(1);
  });

  it("refuses a client who never linked a chat account", async () => {
    const c = cli();
    const { clientId } = await setUp(c);
    const before = snapshot(c.handle);
    const result = await c.run("checkin", "send", "--client", String(clientId));
    expect(result.code).toBe(2);
    expect(result.err).toContain("--client");
    expect(snapshot(c.handle)).toEqual(before);
  });
});

describe("bad input", () => {
  // Each case: argv (T = the seeded therapist's id), and text that err must contain.
  const cases: Array<[string, string[], string[]]> = [
    ["unknown command", ["frobnicate"], ["frobnicate"]],
    ["unknown subcommand", ["client", "frobnicate"], ["frobnicate"]],
    ["unknown option", ["client", "add", "--therapist", "T", "--alias", "Elm-1", "--bogus"], ["--bogus"]],
    ["missing required option", ["client", "add", "--therapist", "T"], ["--alias"]],
    ["missing required option (practice)", ["practice", "init", "--name", "P"], ["--timezone"]],
    ["stray argument", ["client", "list", "stray"], ["argument"]],
    [
      "non-numeric therapist id",
      ["client", "add", "--therapist", "abc", "--alias", "Elm-1"],
      ["--therapist", "number"],
    ],
    ["non-numeric client id", ["checkin", "send", "--client", "x1"], ["--client", "number"]],
    ["fractional id", ["client", "add", "--therapist", "1.5", "--alias", "Elm-1"], ["--therapist"]],
    ["zero id", ["therapist", "add", "--practice", "0", "--alias", "T9"], ["--practice"]],
    ["nonexistent therapist", ["client", "add", "--therapist", "999", "--alias", "Elm-1"], ["--therapist", "999"]],
    ["nonexistent practice", ["therapist", "add", "--practice", "999", "--alias", "T9"], ["--practice", "999"]],
    ["nonexistent client", ["checkin", "send", "--client", "999"], ["--client"]],
    [
      "bad client time zone",
      ["client", "add", "--therapist", "T", "--alias", "Elm-1", "--timezone", "Mars/Olympus"],
      ["--timezone"],
    ],
    ["bad practice time zone", ["practice", "init", "--name", "P", "--timezone", "Not/AZone"], ["--timezone"]],
    ["bad client locale", ["client", "add", "--therapist", "T", "--alias", "Elm-1", "--locale", "fr"], ["--locale"]],
    ["bad practice locale", ["practice", "init", "--name", "P", "--timezone", "UTC", "--locale", "de"], ["--locale"]],
    ["alias with a control character", ["client", "add", "--therapist", "T", "--alias", "Elm\u00071"], ["--alias"]],
    ["alias with an escape sequence", ["client", "add", "--therapist", "T", "--alias", "Elm\u001b[2J"], ["--alias"]],
    ["alias with an invisible character", ["client", "add", "--therapist", "T", "--alias", "Elm\u200b1"], ["--alias"]],
    ["alias too long", ["client", "add", "--therapist", "T", "--alias", "A".repeat(41)], ["--alias", "40"]],
    ["empty alias", ["client", "add", "--therapist", "T", "--alias", "   "], ["--alias"]],
    ["duplicate client alias", ["client", "add", "--therapist", "T", "--alias", "Oak-7"], ["--alias", "Oak-7"]],
    [
      "unknown --checkin",
      ["client", "add", "--therapist", "T", "--alias", "Elm-1", "--checkin", "nope"],
      ["--checkin"],
    ],
    [
      "practice name with a control character",
      ["practice", "init", "--name", "P\u0007", "--timezone", "UTC"],
      ["--name"],
    ],
  ];

  it.each(cases)("%s: exits 2, names the problem, changes nothing", async (_name, argv, messages) => {
    const c = cli();
    const { therapistId } = await setUp(c);
    const before = snapshot(c.handle);
    const result = await c.run(...argv.map((a) => (a === "T" ? String(therapistId) : a)));
    expect(result.code).toBe(2);
    for (const text of messages) expect(result.err).toContain(text);
    expect(result.out).toEqual([]);
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("does not open the database for argument errors", async () => {
    const c = cli();
    for (const argv of [
      ["frobnicate"],
      ["client", "add", "--therapist", "1"],
      ["client", "add", "--therapist", "abc", "--alias", "Elm-1"],
      ["client", "add", "--therapist", "1", "--alias", "Elm-1", "--timezone", "Nowhere/Else"],
      ["client", "add", "--therapist", "1", "--alias", "Elm-1", "--checkin", "nope"],
    ]) {
      expect((await c.run(...argv)).code).toBe(2);
    }
    expect(c.calls.database).toBe(0);
  });

  // Regression: a duplicate therapist alias once reached the unique index and exited 1 with a raw
  // SQLite message instead of a usage error.
  it("rejects a duplicate therapist alias in the same practice with exit 2", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const before = snapshot(c.handle);
    const result = await c.run("therapist", "add", "--practice", String(practiceId), "--alias", "T1");
    expect(snapshot(c.handle)).toEqual(before);
    expect(result.err).toContain("--alias");
    expect(result.code).toBe(2);
  });
});

describe("help", () => {
  it("--help prints usage and exits 0 without opening the database", async () => {
    const c = cli();
    const result = await c.run("--help");
    expect(result.code).toBe(0);
    expect(result.out.join("\n")).toContain("Usage: interlude");
    expect(result.out.join("\n")).toContain("client");
    expect(c.calls.database).toBe(0);
  });

  it("a subcommand's --help lists its options and exits 0", async () => {
    const c = cli();
    const result = await c.run("client", "add", "--help");
    expect(result.code).toBe(0);
    expect(result.out.join("\n")).toContain("--alias <alias>");
    expect(c.calls.database).toBe(0);
  });
});
