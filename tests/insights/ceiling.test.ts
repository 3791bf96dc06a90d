import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { occurrences } from "../../src/db/schema.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import { weekContaining } from "../../src/insights/weeks.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness, type Harness, prompts } from "../helpers/harness.js";
import { recordCheckin } from "../helpers/history.js";

function latestItems(h: Harness, clientId: number): string[] {
  return (
    h.handle.db.select().from(occurrences).where(eq(occurrences.clientId, clientId)).orderBy(desc(occurrences.id)).get()
      ?.itemIds ?? []
  );
}

function perfectRun(ceilingQuestion: boolean, perfect: number) {
  const h = createHarness();
  const { seeded, user } = enrolledClient(h, { settings: { ceilingQuestion } });
  for (let n = 0; n < perfect; n++) {
    recordCheckin(h.handle.db, seeded.clientId, new Date(Date.UTC(2025, 11, 1 + n, 9)), [5, 5, 5, 5]);
  }
  h.engine.startCheckin(seeded.clientId);
  return { h, seeded, user };
}

describe("the ceiling question", () => {
  it("is added to the next check-in after three perfect ones, when the practice has it on", () => {
    const { h, seeded } = perfectRun(true, 3);
    expect(latestItems(h, seeded.clientId)).toEqual([
      "safe_to_say",
      "understood",
      "worked_on_what_matters",
      "way_of_working",
      "even_better",
      "note",
    ]);
  });

  it("is asked once per run, not again at the fourth perfect check-in", () => {
    const { h, seeded } = perfectRun(true, 4);
    expect(latestItems(h, seeded.clientId)).not.toContain("even_better");
  });

  it("is never asked when the practice has it off, or before the run is complete", () => {
    expect(latestItems(perfectRun(false, 3).h, 1)).not.toContain("even_better");
    expect(latestItems(perfectRun(true, 2).h, 1)).not.toContain("even_better");
  });

  it("its answer reaches the therapist as something the client wrote", () => {
    const { h, seeded, user } = perfectRun(true, 3);
    for (let n = 0; n < 3; n++) user.pressLabel("5");
    const fourth = user.read();
    user.pressLabel("5", fourth);
    const asked = user.read().map((m) => m.text);
    expect(asked.at(-1)).toContain("If one thing about your sessions could be a little different, what would it be?");
    user.text("Maybe a bit more time on homework.");
    const week = weekContaining(h.clock.now(), "Europe/Stockholm");
    const summary = summariseWeek(h.handle.db, prompts(), seeded.therapistId, week, h.clock.now());
    expect(summary?.clients[0]?.notes.map((n) => n.text)).toEqual(["Maybe a bit more time on homework."]);
  });

  // The question follows a run of top scores, but must not say so: a client told they were noticed,
  // or praised for high marks, learns that high marks are what is wanted.
  it("reads like any open question: no word about the scores, no praise", () => {
    const item = prompts()
      .checkins.get("alliance-safety")
      ?.items.find((i) => i.id === "even_better");
    expect(item?.version).toBeGreaterThanOrEqual(2);
    const texts = Object.values(item?.text ?? {});
    expect(texts).toHaveLength(3);
    const banned = [
      /top|highest|score|answers have been|good to hear|great|glad|well done|flag|even (a little )?better/i,
      /högst|allra|värde|fint att höra|bra att höra|flagg|ännu (lite )?bättre/i,
      /最高|满分|分数|很高兴|太好了|标记|再好一点/,
    ];
    for (const text of texts) for (const pattern of banned) expect(text).not.toMatch(pattern);
  });
});
