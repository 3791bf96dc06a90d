/**
 * Which practice a practice.yaml is about: the one its name spells exactly, else none (a new one) —
 * unless a practice has that name in another spelling, which is a problem to report. Databases from
 * before names were unique may hold practices whose names clash; those are reported, not guessed at.
 */
import { describe, expect, it } from "vitest";
import { targetPractice } from "../../src/admin/config-target.js";
import { openInMemoryDatabase } from "../../src/db/connection.js";
import { createPractice } from "../../src/db/repos/people.js";

const now = new Date("2026-01-05T12:00:00Z");

function withPractices(...names: string[]) {
  const { db } = openInMemoryDatabase();
  // Straight into the table, as an older Interlude (no uniqueness check) could have left them.
  for (const name of names) createPractice(db, { name, timezone: "Europe/Stockholm", locale: "sv" }, now);
  return db;
}

const file = (practiceName: string) => ({ label: "practice.yaml", practiceName });

describe("targetPractice", () => {
  it("takes the practice spelt exactly, even beside an older one spelt another way", () => {
    const db = withPractices("söder therapy", "Söder Therapy");
    expect(targetPractice(db, file("Söder Therapy"))).toMatchObject({ practice: { id: 2 } });
    expect(targetPractice(db, file("Söder Therapy North"))).toEqual({});
  });

  it("names every practice a near miss resembles", () => {
    const db = withPractices("söder therapy", "SÖDER THERAPY");
    expect(targetPractice(db, file("Soder Therapy")).problem).toBe(
      'practice.yaml: practice.name: no practice is called "Soder Therapy", but practice 1 is called "söder therapy" and practice 2 is called "SÖDER THERAPY" (names are compared ignoring case, accents and extra spaces, so the file cannot create another); spell it as one of them, give --practice <id> to apply it to one and rename that one, or choose another name for a new practice',
    );
  });

  it("refuses to choose between practices with the very same name", () => {
    const db = withPractices("Söder Therapy", "Söder Therapy");
    expect(targetPractice(db, file("Söder Therapy")).problem).toBe(
      'practice.yaml: practice.name: 2 practices are called "Söder Therapy"; choose one with --practice',
    );
  });

  it("with --practice, refuses only a name that another practice has", () => {
    const db = withPractices("Söder Therapy", "Norr Therapy");
    expect(targetPractice(db, file("SÖDER therapy"), 1)).toMatchObject({ practice: { id: 1 } });
    // Practice 2 is still the one meant, so its backups can be checked in the same run.
    expect(targetPractice(db, file("Söder Therapy"), 2)).toMatchObject({
      practice: { id: 2 },
      problem:
        'practice.yaml: practice.name: practice 1 is already called "Söder Therapy" (names are compared ignoring case, accents and extra spaces); choose another name',
    });
    expect(targetPractice(db, file("Söder Therapy"), 9).problem).toBe("--practice: no practice with id 9");
  });
});
