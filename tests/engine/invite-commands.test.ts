/**
 * `/invite` and `/reinvite` in a clinician's chat: a new client under the clinician with the practice's
 * defaults and an invite to forward (on Telegram the bot's link, with a QR code to follow; elsewhere
 * `/link CODE`), the CLI's alias rules with name-like aliases refused, a fresh invite only for a client
 * of theirs who has not joined, the same answer for another therapist's alias as for nobody's, nothing
 * changed by bad words, and every invite audited under the clinician.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getClient, listClients } from "../../src/db/repos/people.js";
import { practices, therapists } from "../../src/db/schema.js";
import { ChatUser } from "../helpers/harness.js";
import { botUsername, t, workspaceScene } from "../helpers/workspace.js";

const linkPattern = new RegExp(`https://t\\.me/${botUsername}\\?start=([A-Za-z0-9_-]+)`);

/** The first line of the consent text: how a newly linked client's chat begins, in their language. */
const consentOpening = (locale: "en" | "sv" | "zh" = "en") => t("consent.text", undefined, locale).split("\n")[0];
const firstLines = (user: ChatUser) => user.read().map((m) => m.text.split("\n")[0]);

function codeIn(text: string): string {
  const match = linkPattern.exec(text) ?? /\/link ([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no invite in: ${text}`);
  return match[1] as string;
}

describe("/invite", () => {
  it("adds a client under the clinician with the practice's defaults and replies with the link to forward", () => {
    const { h, db, seeded, therapist, qrRequests, audits } = workspaceScene("telegram");
    therapist.command("invite", "Oak-9 sv");
    const sent = therapist.read();
    const [note, invite, ...rest] = sent.map((m) => m.text);
    expect(rest).toEqual([]);
    // The message with the code is forgotten by the outbox once sent; the clinician's note is kept.
    expect(sent.map((m) => m.payload.kind === "message" && m.payload.secret === true)).toEqual([false, true]);
    expect(note).toBe(
      [
        t("workspace.invited", {
          alias: "Oak-9",
          language: "Svenska",
          expires: "2026-12-14 10:00 Europe/Stockholm",
        }),
        t("workspace.invite_qr_follows"),
      ].join("\n"),
    );
    // The part to forward is in the client's language, with the bot's one-tap link.
    const code = codeIn(invite as string);
    expect(invite).toBe(
      t(
        "workspace.invite_link",
        { link: `https://t.me/${botUsername}?start=${code}`, expires: "2026-12-14 10:00 Europe/Stockholm" },
        "sv",
      ),
    );
    const client = listClients(db, { therapistId: seeded.therapistId }).find((c) => c.alias === "Oak-9");
    expect(client).toMatchObject({
      practiceId: seeded.practiceId,
      locale: "sv",
      checkinId: "alliance-safety",
      timezone: null,
      status: "invited",
    });
    expect(qrRequests).toEqual([
      expect.objectContaining({
        inviteCode: code,
        link: `https://t.me/${botUsername}?start=${code}`,
        caption: t("workspace.invite_qr_caption", { link: `https://t.me/${botUsername}?start=${code}` }, "sv"),
        fileName: `invite-client-${client?.id}.png`,
        therapistId: seeded.therapistId,
        clientId: client?.id,
        to: expect.objectContaining({ platform: "telegram", chatId: "3003" }),
      }),
    ]);
    expect(audits("client.created")).toEqual([["therapist:1", "client.created", `client:${client?.id}`]]);

    // The client opens the link: Telegram sends /start CODE, and consent follows in Swedish.
    const newcomer = new ChatUser(h, "5005", "5005", "telegram");
    newcomer.command("start", code);
    expect(firstLines(newcomer)).toEqual([consentOpening("sv")]);
    expect(getClient(db, client?.id as number)?.status).toBe("invited");
  });

  it("takes the practice's language when none is given, and gives /link CODE on Discord, without a QR code", () => {
    const { h, db, seeded, therapist, qrRequests } = workspaceScene("discord");
    db.update(practices).set({ locale: "zh" }).where(eq(practices.id, seeded.practiceId)).run();
    therapist.command("invite", "Oak-9");
    const sent = therapist.read();
    expect(sent.map((m) => m.payload.kind === "message" && m.payload.secret === true)).toEqual([false, true]);
    const [note, invite] = sent.map((m) => m.text);
    expect(note).toBe(
      t("workspace.invited", { alias: "Oak-9", language: "中文", expires: "2026-12-14 10:00 Europe/Stockholm" }),
    );
    const code = codeIn(invite as string);
    expect(invite).toBe(t("workspace.invite_code", { code, expires: "2026-12-14 10:00 Europe/Stockholm" }, "zh"));
    expect(qrRequests).toEqual([]);
    const client = new ChatUser(h, "6006", "dm-6006", "discord");
    client.command("link", code);
    expect(firstLines(client)).toEqual([consentOpening("zh")]);
  });

  it("answers in the clinician's language", () => {
    const { db, seeded, say } = workspaceScene("discord");
    db.update(therapists).set({ locale: "sv" }).where(eq(therapists.id, seeded.therapistId)).run();
    expect(say("invite", "Oak-9 en").split("\n")[0]).toBe(
      t(
        "workspace.invited",
        { alias: "Oak-9", language: "English", expires: "2026-12-14 10:00 Europe/Stockholm" },
        "sv",
      ),
    );
    expect(say("invite", "")).toBe(t("workspace.invite_usage", undefined, "sv"));
  });

  it("answers bad words with the usage or the alias rules, and stores nothing", () => {
    const { say, state, audits, qrRequests } = workspaceScene();
    const before = state();
    for (const bad of ["", "Oak-9 fr", "Oak-9 sv now", "Oak 9 sv extra"]) {
      expect(say("invite", bad), bad).toBe(t("workspace.invite_usage"));
    }
    for (const bad of ["Oak/9", "x".repeat(41), "<b>Oak</b>"]) {
      expect(say("invite", bad), bad).toBe(t("workspace.alias_invalid"));
    }
    expect(state()).toBe(before);
    expect(audits("client.created")).toEqual([]);
    expect(qrRequests).toEqual([]);
  });

  it("refuses an alias that looks like a real name, saying why without repeating it", () => {
    const { say, state, audits } = workspaceScene();
    const before = state();
    const cases = [
      ["Anna", "workspace.name_like_given_name"],
      ["erik-2", "workspace.name_like_given_name"],
      ["Mary-Jane", "workspace.name_like_capitalised_words"],
      ["王芳", "workspace.name_like_chinese_name"],
    ] as const;
    for (const [alias, reason] of cases) {
      const reply = say("invite", `${alias} sv`);
      expect(reply, alias).toBe(t("workspace.alias_name_like", { reason: t(reason) }));
      expect(reply).not.toContain(alias);
    }
    expect(state()).toBe(before);
    expect(audits("client.created")).toEqual([]);
  });

  it("gives one answer for an alias taken in the practice, the clinician's own client or another's", () => {
    const { say, state } = workspaceScene();
    const before = state();
    expect(say("invite", "Elm-3")).toBe(t("workspace.alias_taken"));
    expect(say("invite", "oak-7 sv")).toBe(t("workspace.alias_taken"));
    expect(state()).toBe(before);
  });
});

describe("/reinvite", () => {
  it("gives a client who stopped a fresh invite, with which their account starts over", () => {
    const { h, db, seeded, therapist, audits } = workspaceScene("telegram");
    const client = new ChatUser(h, "1001", "1001", "telegram");
    client.command("start", seeded.code);
    client.pressLabel(t("consent.accept"));
    client.command("stop");
    client.read();
    expect(getClient(db, seeded.clientId)?.status).toBe("stopped");
    therapist.command("reinvite", "Oak-7");
    const [, invite] = therapist.read().map((m) => m.text);
    expect(audits("client.invited")).toEqual([["therapist:1", "client.invited", `client:${seeded.clientId}`]]);
    client.command("start", codeIn(invite as string));
    expect(firstLines(client)).toEqual([consentOpening()]);
    expect(getClient(db, seeded.clientId)?.status).toBe("invited");
  });

  it("gives a client who has not joined a fresh invite; the earlier code stops working", () => {
    const { h, seeded, therapist, qrRequests, audits } = workspaceScene("telegram");
    therapist.command("reinvite", "oak-7");
    const [note, invite] = therapist.read().map((m) => m.text);
    expect(note?.split("\n")[0]).toBe(
      t("workspace.reinvited", { alias: "Oak-7", expires: "2026-12-14 10:00 Europe/Stockholm" }),
    );
    const code = codeIn(invite as string);
    expect(qrRequests.map((r) => r.inviteCode)).toEqual([code]);
    expect(audits("client.invited")).toEqual([["therapist:1", "client.invited", `client:${seeded.clientId}`]]);

    const late = new ChatUser(h, "7007", "7007", "telegram");
    late.command("start", seeded.code);
    expect(late.read().map((m) => m.text)).toEqual([t("enrol.invalid_code")]);
    const client = new ChatUser(h, "7008", "7008", "telegram");
    client.command("start", code);
    expect(firstLines(client)).toEqual([consentOpening()]);

    // Linked now (consent still pending): nothing to renew.
    expect(therapist.command("reinvite", "Oak-7")).toBe("handled");
    expect(therapist.read().map((m) => m.text)).toEqual([t("workspace.already_joined", { alias: "Oak-7" })]);
  });

  it("answers another therapist's alias, and a backup contact's, as an unknown one, changing nothing", () => {
    const { say, state, backup, audits } = workspaceScene();
    const before = state();
    expect(say("reinvite", "Elm-3")).toBe(t("workspace.unknown_alias", { alias: "Elm-3" }));
    expect(say("reinvite", "Nobody-1")).toBe(t("workspace.unknown_alias", { alias: "Nobody-1" }));
    // B1 may see Oak-7's escalated alert, but Oak-7 is not their client.
    expect(say("reinvite", "Oak-7", backup)).toBe(t("workspace.unknown_alias", { alias: "Oak-7" }));
    for (const bad of ["", "Oak-7 now"]) expect(say("reinvite", bad)).toBe(t("workspace.reinvite_usage"));
    expect(state()).toBe(before);
    expect(audits("client.invited")).toEqual([]);
  });
});
