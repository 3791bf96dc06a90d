/**
 * The invite QR code: a real PNG of the link, queued as a picture behind the turn's replies once drawn
 * (once, however often it is asked for), marked as a secret the outbox forgets once sent, not queued for
 * an invite that a newer one has revoked meanwhile or a client who is no longer the clinician's, and a
 * failure logged without the link.
 */

import { eq } from "drizzle-orm";
import pino from "pino";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { InviteQrCodes, qrCodePng } from "../../src/admin/invite-qr.js";
import { FakeClock } from "../../src/clock.js";
import { openInMemoryDatabase } from "../../src/db/connection.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { clients, outbox, therapists } from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import type { QrCodeRequest } from "../../src/outbox/outbound.js";
import type { OutboundPayload } from "../../src/outbox/payload.js";

function scene(logger = silentLogger) {
  const { db } = openInMemoryDatabase();
  const clock = new FakeClock("2026-12-07T09:00:00Z");
  const practice = createPractice(db, { name: "P", timezone: "UTC", locale: "en" }, clock.now());
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T1" }, clock.now());
  const client = createClient(
    db,
    { practiceId: practice.id, therapistId: therapist.id, alias: "Oak-7", locale: "en", checkinId: "alliance-safety" },
    clock.now(),
  );
  const { code } = createInvite(db, { clientId: client.id }, clock.now(), 7);
  let queued = 0;
  const qr = new InviteQrCodes({
    db,
    clock,
    logger,
    onQueued: () => {
      queued += 1;
    },
  });
  const request = (inviteCode: string, link = `https://t.me/test_bot?start=${inviteCode}`): QrCodeRequest => ({
    therapistId: therapist.id,
    clientId: client.id,
    inviteCode,
    link,
    caption: `Scan to open ${link}`,
    altText: "QR code of the invite link",
    fileName: "invite-c1.png",
    to: { platform: "telegram", chatId: "3003", identityId: null },
    dedupeKey: "in:telegram:9:3:qr",
  });
  const rows = () => db.select().from(outbox).all();
  return { db, clock, practice, client, code, qr, request, rows, queued: () => queued };
}

describe("qrCodePng", () => {
  it("draws the link's QR code as a PNG, 8 pixels a module with a quiet zone of 4", async () => {
    const link = "https://t.me/test_bot?start=abcdefghijklmnopqrstuv";
    const png = PNG.sync.read(await qrCodePng(link));
    const modules = QRCode.create(link, { errorCorrectionLevel: "M" }).modules.size;
    expect([png.width, png.height]).toEqual([(modules + 8) * 8, (modules + 8) * 8]);
    // Dark modules exist, and the corner (quiet zone) is white.
    expect(png.data[0]).toBe(255);
    expect(png.data.some((v, i) => i % 4 === 0 && v === 0)).toBe(true);
    expect((await qrCodePng(link)).equals(await qrCodePng(`${link}x`))).toBe(false);
  });
});

describe("InviteQrCodes", () => {
  it("queues the picture with its caption behind the replies, once, as a secret", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const { qr, code, request, rows, queued } = scene(logger);
    qr.deliver(request(code));
    qr.deliver(request(code));
    await qr.idle();
    // The second request finds the first picture queued: nothing failed, nothing to log.
    expect(lines).toEqual([]);
    const [row, ...rest] = rows();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ platform: "telegram", chatId: "3003", dedupeKey: "in:telegram:9:3:qr" });
    const payload = row?.payload as OutboundPayload;
    expect(payload).toMatchObject({
      kind: "message",
      text: `Scan to open https://t.me/test_bot?start=${code}`,
      image: { fileName: "invite-c1.png", altText: "QR code of the invite link" },
      secret: true,
    });
    const picture = payload.kind === "message" ? payload.image?.pngBase64 : undefined;
    expect(Buffer.from(picture ?? "", "base64").equals(await qrCodePng(request(code).link))).toBe(true);
    expect(queued()).toBe(1);
  });

  it("queues nothing for an invite that a newer one has revoked", async () => {
    const { db, clock, client, qr, code, request, rows, queued } = scene();
    createInvite(db, { clientId: client.id }, clock.now(), 7);
    qr.deliver(request(code));
    await qr.idle();
    expect(rows()).toEqual([]);
    expect(queued()).toBe(0);
  });

  it("queues nothing for a client who is no longer the clinician's, or a clinician no longer active", async () => {
    const { db, clock, practice, client, qr, code, request, rows } = scene();
    const successor = createTherapist(db, { practiceId: practice.id, alias: "T2" }, clock.now());
    db.update(clients).set({ therapistId: successor.id }).where(eq(clients.id, client.id)).run();
    qr.deliver(request(code));
    await qr.idle();
    expect(rows()).toEqual([]);

    const again = scene();
    again.db.update(therapists).set({ active: false }).run();
    again.qr.deliver(again.request(again.code));
    await again.qr.idle();
    expect(again.rows()).toEqual([]);
  });

  it("logs a failure by its kind only, never the link", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const { qr, code, request, rows } = scene(logger);
    // Far more than any QR code holds.
    qr.deliver(request(code, `https://t.me/test_bot?start=${code}${"x".repeat(5000)}`));
    await qr.idle();
    expect(rows()).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("invite QR code could not be drawn");
    expect(lines[0]).not.toContain(code);
  });
});
