/**
 * The demo's synthetic clients, one story each, so that a newcomer's first summary has something to
 * read: a steady relationship, a bond that drops (a possible rupture the therapist rated higher), a
 * client who went quiet, one at the ceiling (rated lower by the therapist), and a rupture, with a
 * risk answer last week (acknowledged), that was repaired. Aliases only, each starting with DEMO; every word here is invented for the demo.
 */
import type { TopicRelease } from "../db/schema.js";

/** One check-in's answers to the four alliance items: safe to say, bond, goals, tasks (1–5). */
export type AllianceAnswers = readonly [safeToSay: number, bond: number, goals: number, tasks: number];

/** The therapist's own rating of a session: safety, bond, the work (1–5). */
export type SessionRatingValues = readonly [safety: number, bond: number, work: number];

export interface DemoStory {
  alias: string;
  /** The client's sessions fall this many days before today, at this local time (50 minutes long). */
  daysBack: number;
  sessionTime: string;
  /** The answers to the check-in about the session `weeksAgo` weeks before the latest (0: the latest). */
  answers(weeksAgo: number, random: () => number): AllianceAnswers;
  /** The latest this many check-ins reached the client and expired unanswered. */
  quietWeeks?: number;
  /** Notes written with the check-in `weeksAgo` weeks back, shared with the therapist at once. */
  notes?: Readonly<Record<number, string>>;
  /** A note the client kept for themselves (the therapist sees only that one exists). */
  privateNote?: { weeksAgo: number; text: string };
  /**
   * The check-in, by weeks ago, whose risk question the client answered "yes": it raised a risk alert
   * that the therapist acknowledged within the hour (the client said the next day they had reached
   * someone). Every other risk question was answered "no".
   */
  riskDisclosed?: number;
  /** The therapist's ratings of sessions, by weeks ago. */
  ratings?: Readonly<Record<number, SessionRatingValues>>;
  /** A "safe to say" topic, released to the therapist before the session `weeksAgo` weeks back. */
  topic?: { weeksAgo: number; text: string; release: Exclude<TopicRelease, "just_for_me"> };
}

/** 4, or now and then 5: steady, never far enough from the last check-in to raise a flag. */
const mostly = (random: () => number, chanceOfFive = 0.3) => (random() < chanceOfFive ? 5 : 4);
const steady = (random: () => number): AllianceAnswers => [
  mostly(random),
  mostly(random),
  mostly(random),
  mostly(random),
];

export const demoStories: readonly DemoStory[] = [
  {
    alias: "DEMO Oak-1",
    daysBack: 2,
    sessionTime: "10:00",
    answers: (_, random) => steady(random),
    notes: {
      9: "DEMO: The breathing exercise helped before the team meeting.",
      4: "DEMO: Busy week, but I kept the evening walks going.",
      0: "DEMO: I would like to keep working on the sleep routine.",
    },
    privateNote: { weeksAgo: 2, text: "DEMO: A note this client kept to themselves." },
    ratings: { 2: [4, 4, 4], 1: [4, 5, 4], 0: [4, 4, 4] },
    topic: { weeksAgo: 0, text: "DEMO: How the move to the new flat is going.", release: "at_session" },
  },
  {
    alias: "DEMO Birch-2",
    daysBack: 0,
    sessionTime: "09:00",
    answers: (weeksAgo, random) => {
      // Steady for months, then the bond item falls from 4 to 2 in the latest check-in.
      if (weeksAgo === 0) return [3, 2, 4, 3];
      if (weeksAgo === 1) return [4, 4, 4, 4];
      return steady(random);
    },
    notes: {
      6: "DEMO: Good to have a plan for the holidays.",
      0: "DEMO: The end of the last session felt rushed and I did not get to say what I had planned.",
    },
    ratings: { 1: [4, 4, 4], 0: [4, 4, 4] },
  },
  {
    alias: "DEMO Alder-3",
    daysBack: 4,
    sessionTime: "16:00",
    // Answered for three months, then three check-ins in a row left unanswered.
    answers: (_, random) => [mostly(random, 0.1), 4, mostly(random, 0.1), 3],
    quietWeeks: 3,
    notes: { 8: "DEMO: Work is hectic this month.", 5: "DEMO: Not sure the homework fits my week." },
  },
  {
    alias: "DEMO Elm-4",
    daysBack: 1,
    sessionTime: "13:00",
    // Rising to the top of the scale and staying there: the ceiling run.
    answers: (weeksAgo, random) => (weeksAgo <= 5 ? [5, 5, 5, 5] : [mostly(random, 0.6), 5, mostly(random), 4]),
    notes: { 3: "DEMO: Everything is fine, thank you." },
    ratings: { 1: [4, 3, 3], 0: [4, 3, 3] },
  },
  {
    alias: "DEMO Spruce-5",
    daysBack: 0,
    sessionTime: "15:00",
    answers: (weeksAgo, random) => {
      // A rupture two weeks ago, still showing last week, and back to the earlier level now.
      if (weeksAgo === 2) return [2, 2, 3, 3];
      if (weeksAgo === 1) return [3, 3, 3, 3];
      if (weeksAgo === 0) return [4, 5, 4, 4];
      return steady(random);
    },
    notes: {
      2: "DEMO: I felt judged when we talked about the new job.",
      0: "DEMO: Thank you for coming back to what I said last time. That helped.",
    },
    riskDisclosed: 1,
    ratings: { 2: [3, 3, 3], 0: [4, 4, 4] },
    topic: {
      weeksAgo: 0,
      text: "DEMO: I want to talk about how I handle conflict at work.",
      release: "before_session",
    },
  },
];
