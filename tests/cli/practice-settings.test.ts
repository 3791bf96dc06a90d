import { describe, expect, it } from "vitest";
import { cli, setUp, snapshot } from "../helpers/cli.js";

describe("cli practice show / set", () => {
  it("shows every setting with its default, and changes one at a time", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const shown = await c.json("practice", "show", String(practiceId));
    expect(shown.settings).toMatchObject({
      summaryDay: "monday",
      summaryTime: "08:00",
      ceilingQuestion: false,
      flags: { lowItem: 2, lowOverall: 3, dropOverall: 1, dropItem: 2, baselineSds: 1.5, quietRun: 2, ceilingRun: 3 },
    });
    await c.json("practice", "set", String(practiceId), "flags.quietRun", "3");
    await c.json("practice", "set", String(practiceId), "summaryDay", "friday");
    const changed = await c.json("practice", "set", String(practiceId), "ceilingQuestion", "true");
    expect(changed.settings).toMatchObject({
      summaryDay: "friday",
      ceilingQuestion: true,
      flags: { quietRun: 3, lowItem: 2 },
    });
    const human = await c.run("practice", "set", String(practiceId), "summaryTime", "17:30");
    expect(human.out).toEqual([`Practice ${practiceId}: summaryTime = "17:30".`]);
  });

  it("sets how many calm check-ins close an unrepaired rupture (flags.unrepairedCloseAfter, default 3)", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const id = String(practiceId);
    const flagsOf = (result: { settings?: unknown }) => (result.settings as { flags: Record<string, number> }).flags;
    expect(flagsOf(await c.json("practice", "show", id)).unrepairedCloseAfter).toBe(3);
    const changed = await c.json("practice", "set", id, "flags.unrepairedCloseAfter", "5");
    expect(flagsOf(changed)).toMatchObject({ unrepairedCloseAfter: 5, quietRun: 2 });
    const refused = await c.run("practice", "set", id, "flags.unrepairedCloseAfter", "0");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("<value>: flags.unrepairedCloseAfter:");
  });

  it("rejects unknown settings and invalid values with exit 2, changing nothing", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const id = String(practiceId);
    const before = snapshot(c.handle);
    const cases: [string[], string][] = [
      [["practice", "set", id, "flags.nonsense", "1"], '<setting>: no setting called "flags.nonsense"'],
      [
        ["practice", "set", id, "summaryDay", "someday"],
        '<value>: summaryDay: must be monday, tuesday, wednesday, thursday, friday, saturday or sunday, not "someday"',
      ],
      // The same wording as practice.yaml's summary.time and `schedule set` give.
      [["practice", "set", id, "summaryTime", "25:00"], "<value>: summaryTime: hour 25 is not between 0 and 23"],
      [["practice", "set", id, "summaryTime", "08:60"], "<value>: summaryTime: minute 60 is not between 0 and 59"],
      [["practice", "set", id, "summaryTime", "8 am"], '<value>: summaryTime: must be a 24-hour time "HH:MM"'],
      [["practice", "set", id, "flags.quietRun", "0"], "<value>: flags.quietRun:"],
      [["practice", "set", id, "flags.lowItem", '"two"'], "<value>: flags.lowItem:"],
      [["practice", "set", "99", "summaryDay", "friday"], "<practice>: no practice with id 99"],
      [["practice", "show", "99"], "<practice>: no practice with id 99"],
    ];
    for (const [argv, message] of cases) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err, argv.join(" ")).toContain(message);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });
});
