/**
 * The slash commands Discord gets: every engine command, localized descriptions within Discord's
 * limits, usable in DMs and servers, /link with a required code.
 */
import { describe, expect, it } from "vitest";
import { slashCommands } from "../../../adapters/discord/commands.js";
import { commandNames } from "../../../src/engine/events.js";
import { prompts } from "../../helpers/harness.js";

describe("slashCommands", () => {
  const commands = slashCommands(prompts().messages);

  it("covers every command except /start, which Discord has no use for", () => {
    expect(commands.map((c) => c.name).sort()).toEqual(commandNames.filter((n) => n !== "start").sort());
  });

  it("localizes descriptions for Swedish and Chinese within 100 characters", () => {
    for (const command of commands) {
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(Object.keys(command.description_localizations).sort()).toEqual(["sv-SE", "zh-CN", "zh-TW"]);
    }
    expect(commands.find((c) => c.name === "pause")?.description_localizations["sv-SE"]).toBe(
      prompts().messages.t("sv", "menu.pause"),
    );
  });

  it("offers clinicians /summary with an optional alias, described in each language", () => {
    expect(commands.find((c) => c.name === "summary")?.options).toEqual([
      {
        type: 3,
        name: "alias",
        description: "One client's alias (optional)",
        description_localizations: {
          "sv-SE": prompts().messages.t("sv", "menu.argument_alias"),
          "zh-CN": prompts().messages.t("zh", "menu.argument_alias"),
          "zh-TW": prompts().messages.t("zh", "menu.argument_alias"),
        },
        required: false,
        max_length: 40,
      },
    ]);
  });

  it("asks /link for a required code of at most 64 characters", () => {
    expect(commands.find((c) => c.name === "link")?.options).toMatchObject([
      { type: 3, name: "code", description: "Your invite code", required: true, max_length: 64 },
    ]);
  });
});

describe("slashCommands for the therapist's workspace", () => {
  const commands = slashCommands(prompts().messages);
  const t = prompts().messages.t.bind(prompts().messages);
  const byName = (name: string) => commands.find((c) => c.name === name);

  it("lists /invite, /reinvite, /clients and /schedule with their descriptions in each language", () => {
    for (const [name, key] of [
      ["invite", "workspace.menu_invite"],
      ["reinvite", "workspace.menu_reinvite"],
      ["clients", "workspace.menu_clients"],
      ["schedule", "workspace.menu_schedule"],
    ] as const) {
      expect(byName(name)?.description, name).toBe(t("en", key));
      expect(byName(name)?.description_localizations, name).toEqual({
        "sv-SE": t("sv", key),
        "zh-CN": t("zh", key),
        "zh-TW": t("zh", key),
      });
    }
    expect(byName("invite")?.options).toMatchObject([{ name: "client", required: true, max_length: 50 }]);
    expect(byName("clients")?.options).toBeUndefined();
  });

  it("makes a name both audiences have one command: the client's description, the clinician's argument optional", () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const [name, argumentKey] of [
      ["pause", "workspace.argument_clinician_alias"],
      ["resume", "workspace.argument_clinician_alias"],
      ["language", "workspace.argument_language"],
    ] as const) {
      const command = byName(name);
      expect(command?.description, name).toBe(t("en", `menu.${name}`));
      expect(command?.description_localizations["sv-SE"], name).toBe(t("sv", `menu.${name}`));
      expect(command?.options, name).toEqual([
        expect.objectContaining({
          description: t("en", argumentKey),
          description_localizations: {
            "sv-SE": t("sv", argumentKey),
            "zh-CN": t("zh", argumentKey),
            "zh-TW": t("zh", argumentKey),
          },
          required: false,
        }),
      ]);
    }
  });
});
