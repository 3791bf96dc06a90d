/**
 * The problems with practice.yaml that only the database can show: which practice the file is about
 * (by `--practice`, else by its name), and whether each backup alias is a therapist of that practice.
 * They are checked even when the file has other problems, so one run reports all of them.
 */
import type { DbOrTx } from "../db/connection.js";
import { listPractices, listTherapists, type PracticeRow } from "../db/repos/people.js";

/** What the checks need from the file; any part may be missing when the file has problems there. */
export interface ConfigTargetInput {
  label: string;
  practiceName?: string | undefined;
  /** By position (for the message); undefined entries are not aliases and are reported elsewhere. */
  backups?: readonly (string | undefined)[] | undefined;
}

/** The practice the file is about (undefined: a new one), or the reason it cannot be chosen. */
export function targetPractice(
  db: DbOrTx,
  file: ConfigTargetInput,
  practiceId?: number,
): { practice?: PracticeRow; problem?: string } {
  const all = listPractices(db);
  if (practiceId !== undefined) {
    const found = all.find((p) => p.id === practiceId);
    return found ? { practice: found } : { problem: `--practice: no practice with id ${practiceId}` };
  }
  const named = all.filter((p) => p.name === file.practiceName);
  if (named.length > 1) {
    return {
      problem: `${file.label}: practice.name: ${named.length} practices are called "${file.practiceName}"; choose one with --practice`,
    };
  }
  return named[0] ? { practice: named[0] } : {};
}

/** Every problem the database shows with the file (empty: it can be applied). */
export function databaseProblems(db: DbOrTx, file: ConfigTargetInput, practiceId?: number): string[] {
  const target = targetPractice(db, file, practiceId);
  if (target.problem) return [target.problem];
  // Without a valid name or --practice there is no telling which practice's therapists to look at.
  if (!file.backups || (!target.practice && file.practiceName === undefined)) return [];
  const therapists = target.practice ? listTherapists(db, target.practice.id) : [];
  const problems: string[] = [];
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
