/**
 * `retention run` and `backup` / `backup verify`: keeping only what the practice's retention period
 * allows, and copies of the database taken while Interlude runs.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.js";

export function registerMaintenanceCommands(_program: Command, _ctx: CliContext): void {}
