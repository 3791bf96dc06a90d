/**
 * `schedule show` for a client, a therapist or a practice: which schedule applies and where it comes
 * from, the quiet hours, and for every upcoming send that moved, from what to what and why.
 * The clock starts on Monday 2026-01-05 at 09:00 UTC, 10:00 in Stockholm.
 */
import { describe, expect, it } from "vitest";
import { getClient } from "../../src/db/repos/people.js";
import { saveCursor, scheduleFor } from "../../src/db/repos/schedules.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";

describe("schedule show", () => {
  it("states the quiet hours and why a send moved, for the client, their therapist and the practice", async () => {
    const c = cli();
    const { practiceId, therapistId, clientId } = await setUp(c);
    await c.json(
      "schedule",
      "set",
      "--practice",
      String(practiceId),
      "--spec",
      "daily at 23:00",
      "--quiet",
      "22:00-08:00",
    );

    const forClient = await c.run("schedule", "show", "--client", String(clientId), "--count", "2");
    expect(forClient.code).toBe(0);
    expect(forClient.out).toEqual([
      `Schedule for client ${clientId}: daily at 23:00 (the practice default), in Europe/Stockholm.`,
      "Quiet hours 22:00–08:00: a send that falls inside moves to 08:00.",
      "Next 2 sends:",
      "  Mon 2026-01-05 23:00 → Tue 2026-01-06 08:00 Europe/Stockholm: inside quiet hours 22:00–08:00",
      "  Tue 2026-01-06 23:00 → Wed 2026-01-07 08:00 Europe/Stockholm: inside quiet hours 22:00–08:00",
    ]);

    const forTherapist = await c.run("schedule", "show", "--therapist", String(therapistId), "--count", "1");
    expect(forTherapist.out[0]).toBe(
      `Schedule for therapist ${therapistId}: daily at 23:00 (the practice default; therapist ${therapistId} has none of their own), in each client's own zone; shown in Europe/Stockholm, the practice's.`,
    );

    await c.json("schedule", "set", "--therapist", String(therapistId), "--spec", "daily at 18:00", "--jitter", "30");
    const own = await c.run("schedule", "show", "--therapist", String(therapistId), "--count", "1");
    expect(own.out).toEqual([
      `Schedule for therapist ${therapistId}: daily at 18:00 (therapist ${therapistId}'s own), in each client's own zone; shown in Europe/Stockholm, the practice's.`,
      "No quiet hours.",
      "Random delay: each send up to 30 min later, drawn once per send when it is planned (shown below once drawn).",
      "Next send:",
      "  Mon 2026-01-05 18:00 Europe/Stockholm",
    ]);
    const clientNow = await c.json("schedule", "show", "--client", String(clientId), "--count", "1");
    expect(clientNow).toMatchObject({
      scope: "client",
      clientId,
      source: "therapist",
      quietHours: null,
      jitterMinutes: 30,
    });

    const forPractice = await c.json("schedule", "show", "--practice", String(practiceId), "--count", "1");
    expect(forPractice).toMatchObject({
      scope: "practice",
      practiceId,
      timezone: "Europe/Stockholm",
      schedule: "daily at 23:00",
      source: "practice",
      quietHours: "22:00-08:00",
      upcoming: [
        {
          slot: "2026-01-05T23:00",
          utc: "2026-01-06T07:00:00.000Z",
          reasons: ["inside quiet hours 22:00–08:00"],
        },
      ],
    });
  });

  it("shows the delay already drawn for the client's next send", async () => {
    const c = cli();
    const { clientId } = await setUp(c);
    await c.json("schedule", "set", "--client", String(clientId), "--spec", "daily at 18:00", "--jitter", "30");
    const client = getClient(c.handle.db, clientId);
    const schedule = client ? scheduleFor(c.handle.db, client) : undefined;
    saveCursor(c.handle.db, {
      clientId,
      scheduleId: schedule?.id ?? null,
      slot: "2026-01-05T18:00",
      timezone: "Europe/Stockholm",
      jitterMinutes: 12,
      dueAt: new Date("2026-01-05T17:12:00Z"),
    });
    const shown = await c.run("schedule", "show", "--client", String(clientId), "--count", "2");
    expect(shown.out.slice(-2)).toEqual([
      "  Mon 2026-01-05 18:00 → 18:12 Europe/Stockholm: random delay of 12 min drawn for this send",
      "  Tue 2026-01-06 18:00 Europe/Stockholm",
    ]);
    expect(shown.out[0]).toBe(
      `Schedule for client ${clientId}: daily at 18:00 (client ${clientId}'s own), in Europe/Stockholm.`,
    );
  });

  it("explains a send moved by the spring-forward gap", async () => {
    const c = cli();
    const { clientId } = await setUp(c);
    c.clock.set("2026-03-28T12:00:00Z");
    await c.json("schedule", "set", "--client", String(clientId), "--spec", "daily at 02:30");
    const shown = await c.run("schedule", "show", "--client", String(clientId), "--count", "1");
    expect(shown.out.at(-1)).toBe(
      "  Sun 2026-03-29 02:30 → 03:00 Europe/Stockholm: 02:30 does not exist on 2026-03-29 in Europe/Stockholm (the clocks go forward); sent at the first minute after",
    );
  });

  it("says when no schedule applies, and refuses a missing or doubled scope with no change", async () => {
    const c = cli();
    const { practiceId, clientId } = await setUp(c);
    expect((await c.run("schedule", "show", "--client", String(clientId))).out).toEqual([
      `No schedule applies to client ${clientId}: no check-ins are sent by schedule (set one with \`schedule set\`).`,
    ]);
    const before = snapshot(c.handle);
    for (const argv of [[], ["--client", String(clientId), "--practice", String(practiceId)], ["--therapist", "99"]]) {
      const refused = await c.run("schedule", "show", ...argv);
      expect(refused.code, argv.join(" ")).toBe(2);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });
});
