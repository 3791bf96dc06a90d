/**
 * Wording rules a clinician asked for, checked on the shipped files themselves: the default check-in's
 * items are our own (none follows a published instrument's item), one idea each, one time frame; and
 * Swedish and Chinese use one term per concept across every message, check-in and summary file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../../src/project-root.js";
import { flattenMessages } from "../../src/prompts/messages.js";
import { prompts } from "../helpers/harness.js";

const checkin = () => prompts().checkins.get("alliance-safety") ?? expect.fail("no default check-in");
const item = (id: string) => checkin().items.find((i) => i.id === id) ?? expect.fail(`no item ${id}`);

/** Version 1 of bond, goals and tasks: too close to the Session Rating Scale's items. */
const retired = {
  understood: {
    en: "I felt understood and respected by my therapist.",
    sv: "Jag kände mig förstådd och respekterad av min terapeut.",
    zh: "我感到我的治疗师理解并尊重我。",
  },
  worked_on_what_matters: {
    en: "We worked on what matters to me.",
    sv: "Vi arbetade med det som är viktigt för mig.",
    zh: "我们关注和处理的是对我重要的事情。",
  },
  way_of_working: {
    en: "The way we work together fits me.",
    sv: "Vårt sätt att arbeta tillsammans passar mig.",
    zh: "我们的合作方式适合我。",
  },
} as const;

/** Ideas that, paired the way version 1 paired them, follow that instrument item by item. */
const instrumentLike = [
  /understood|respected|heard/i,
  /worked on what|talked about what|what matters to me/i,
  /way we work|approach|fits me|good fit/i,
  /förstådd|respekterad|lyssnad på|det som är viktigt för mig|sätt att arbeta|passar mig/i,
  /理解并尊重|被倾听|对我重要的事情|合作方式适合|方法适合/,
];

describe("the default check-in's items", () => {
  for (const id of Object.keys(retired) as (keyof typeof retired)[]) {
    it(`${id}: a new version, in no language the old wording or anything like it`, () => {
      const now = item(id);
      expect(now.version).toBe(2);
      for (const locale of ["en", "sv", "zh"] as const) {
        const text = now.text[locale] ?? expect.fail(`${id} has no ${locale} text`);
        expect(text).not.toBe(retired[id][locale]);
        for (const pattern of instrumentLike) expect(text, `${id} ${locale}`).not.toMatch(pattern);
        // One idea per item: no "X and Y" pairing of two feelings.
        expect(text, `${id} ${locale}`).not.toMatch(/\b(and|och)\b|并|和/);
      }
    });
  }

  it("asks every alliance item about the same time frame, the last session", () => {
    const frames = { en: /^In our last session, /, sv: /^Under vår senaste session /, zh: /^在上次会谈中，/ };
    const alliance = checkin().items.filter((i) => i.kind === "choice" && i.dimension);
    expect(alliance.map((i) => i.id)).toEqual([
      "safe_to_say",
      "understood",
      "worked_on_what_matters",
      "way_of_working",
    ]);
    for (const i of alliance) {
      for (const [locale, frame] of Object.entries(frames)) {
        expect(i.text[locale as keyof typeof frames], `${i.id} ${locale}`).toMatch(frame);
      }
    }
  });

  it("keeps the felt-safety item's meaning and version", () => {
    const safe = item("safe_to_say");
    expect(safe.version).toBe(1);
    expect(safe.text.en).toMatch(/felt safe to say what really mattered to me/);
  });

  it("asks the risk question about the time since the last check-in, not the last session", () => {
    const risk = item("risk");
    expect(risk.version).toBe(2);
    expect(risk.text.en).toMatch(/^Since your last check-in, /);
    expect(risk.text.sv).toMatch(/sedan din senaste avstämning/);
    expect(risk.text.zh).toMatch(/^自上次反馈以来/);
    for (const text of Object.values(risk.text)) expect(text).not.toMatch(/session|会谈/);
  });
});

/** Every file whose words a client or a therapist reads, with its lines. */
function wordFiles(): { file: string; text: string }[] {
  const root = projectRoot;
  const files: string[] = [];
  for (const dir of ["prompts/messages", "prompts/checkins"]) {
    for (const name of readdirSync(join(root, dir))) if (name.endsWith(".yaml")) files.push(join(dir, name));
  }
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith(".ts")) files.push(path);
    }
  };
  walk("src/insights");
  return files.map((file) => ({ file, text: readFileSync(join(root, file), "utf8") }));
}

/** The one term per concept, and the variants it replaced: none may remain anywhere. */
const terms = [
  { concept: "rupture (sv)", term: "alliansbrott", banned: /alliansbrist|relationsbrott|brott i alliansen/i },
  { concept: "rupture (zh)", term: "联盟破裂", banned: /关系破裂|同盟破裂|治疗关系破裂/ },
  { concept: "a mean (zh)", term: "平均分", banned: /总分/ },
  { concept: "quiet (zh)", term: "未回应", banned: /已沉默|沉默：/ },
  { concept: "the risk question (zh)", term: "关于伤害自己的问题", banned: /安全问题/ },
  { concept: "the risk question (sv)", term: "frågan om tankar på att skada dig själv", banned: /säkerhetsfråga/i },
  {
    concept: "the risk question (en)",
    term: "the question about thoughts of harming yourself",
    banned: /safety question/i,
  },
  { concept: "backup clinician (sv)", term: "reservkontakt", banned: /ersättande (behandlare|kontakt)/i },
];

describe("one term per concept in Swedish and Chinese", () => {
  const files = wordFiles();

  for (const { concept, term, banned } of terms) {
    it(`${concept}: "${term}", never ${banned}`, () => {
      const offending: string[] = [];
      for (const { file, text } of files) {
        if (file.startsWith("prompts/messages/")) {
          const flat = flattenMessages(parse(text), []);
          for (const [key, message] of flat) {
            if (banned.test(message)) offending.push(`${file}: ${key}`);
          }
        } else {
          text.split("\n").forEach((line, n) => {
            if (banned.test(line)) offending.push(`${file}:${n + 1}`);
          });
        }
      }
      expect(offending).toEqual([]);
      expect(
        files.some(({ text }) => text.includes(term)),
        `"${term}" is used somewhere`,
      ).toBe(true);
    });
  }

  it("uses the terms where they belong", () => {
    const t = prompts().messages;
    expect(t.t("sv", "summary.flag_ceiling")).toContain("alliansbrott");
    expect(t.t("sv", "clinician.kind_rupture")).toContain("alliansbrott");
    expect(t.t("zh", "clinician.kind_rupture")).toContain("联盟破裂");
    expect(t.t("zh", "summary.latest")).toContain("平均分");
    expect(t.t("zh", "summary.flag_quiet")).toContain("未回应");
    expect(t.t("zh", "clinician.kind_disengagement")).toBe("未回应");
    expect(t.t("zh", "consent.alert_with_question")).toContain("关于伤害自己的问题");
    expect(t.t("sv", "consent.text")).toContain("reservkontakt");
    expect(t.t("sv", "commands.privacy")).toContain("reservkontakt");
  });
});
