/**
 * The problems with practice.yaml that only the database can show: which practice the file is about
 * (by `--practice`, else by its name, under the unique-name rule of practice-name.ts), and whether each
 * backup alias is a therapist of that practice.
 * They are checked even when the file has other problems, so one run reports all of them.
 */
import type { DbOrTx } from "../db/connection.js";
import { getPractice, listTherapists, type PracticeRow } from "../db/repos/people.js";
import { practiceNameRule, practicesNamedLike } from "../practice/practice-name.js";

/** What the checks need from the file; any part may be missing when the file has problems there. */
export interface ConfigTargetInput {
  label: string;
  practiceName?: string | undefined;
  /** By position (for the message); undefined entries are not aliases and are reported elsewhere. */
  backups?: readonly (string | undefined)[] | undefined;
}

/**
 * The practice the file is about (undefined: a new one), and the reason it cannot be used. By name,
 * only a practice spelt exactly as the file spells it is chosen. A name that is another practice's in
 * a different spelling ("söder  therapy" for "Söder Therapy") is refused, as `practice init` refuses
 * it: creating a practice under it would break unique names, and taking the look-alike would rename a
 * practice the file may not be about. `--practice` says which practice is meant, so with it a
 * different spelling of that practice's own name is a rename, and only another practice's is refused.
 */
export function targetPractice(
  db: DbOrTx,
  file: ConfigTargetInput,
  practiceId?: number,
): { practice?: PracticeRow; problem?: string } {
  const name = file.practiceName;
  const alike = name === undefined ? [] : practicesNamedLike(db, name);
  if (practiceId !== undefined) {
    const found = getPractice(db, practiceId);
    if (!found) return { problem: `--practice: no practice with id ${practiceId}` };
    const other = alike.find((p) => p.id !== practiceId);
    // The practice is still known, so the rest of the file (its backups) is checked against it too.
    return other
      ? {
          practice: found,
          problem: `${file.label}: practice.name: practice ${other.id} is already called "${other.name}" (${practiceNameRule}); choose another name`,
        }
      : { practice: found };
  }
  const exact = alike.filter((p) => p.name === name);
  if (exact.length > 1) {
    return {
      problem: `${file.label}: practice.name: ${exact.length} practices are called "${name}"; choose one with --practice`,
    };
  }
  if (exact[0]) return { practice: exact[0] };
  const [only, ...more] = alike;
  if (!only) return {};
  const called = alike.map((p) => `practice ${p.id} is called "${p.name}"`).join(" and ");
  const choices =
    more.length === 0
      ? `spell it "${only.name}" to apply the file to practice ${only.id}, give --practice ${only.id} to apply it and rename practice ${only.id}`
      : "spell it as one of them, give --practice <id> to apply it to one and rename that one";
  return {
    problem: `${file.label}: practice.name: no practice is called "${name}", but ${called} (${practiceNameRule}, so the file cannot create another); ${choices}, or choose another name for a new practice`,
  };
}

/** Every problem the database shows with the file (empty: it can be applied). */
export function databaseProblems(db: DbOrTx, file: ConfigTargetInput, practiceId?: number): string[] {
  const target = targetPractice(db, file, practiceId);
  const problems = target.problem ? [target.problem] : [];
  // Without a practice chosen there is no telling whose therapists to look at: a new practice (no
  // problem, the file's name) has none; one that cannot be chosen leaves nothing to compare with.
  if (!target.practice && target.problem) return problems;
  if (!file.backups || (!target.practice && file.practiceName === undefined)) return problems;
  const therapists = target.practice ? listTherapists(db, target.practice.id) : [];
  file.backups.forEach((alias, index) => {
    // A repeated alias is reported as listed twice by the file check; once here is enough.
    if (alias === undefined || file.backups?.indexOf(alias) !== index) return;
    if (therapists.some((t) => t.alias === alias)) return;
    problems.push(
      target.practice
        ? `${file.label}: escalation.backups.${index}: no therapist called "${alias}" in this practice (add them with \`therapist add\`, then apply again)`
        : `${file.label}: escalation.backups.${index}: no therapist called "${alias}": the practice "${file.practiceName}" does not exist yet; apply the file without backups first, add therapists with \`therapist add\`, then list them here`,
    );
  });
  return problems;
}
