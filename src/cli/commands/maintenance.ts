/**
 * `retention run` and `backup` / `backup verify`: keeping only what the practice's retention period
 * allows, and copies of the database taken while Interlude runs.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerBackupCommands } from "./backup.js";
import { registerRetentionCommands } from "./retention.js";

export function registerMaintenanceCommands(program: Command, ctx: CliContext): void {
  registerRetentionCommands(program, ctx);
  registerBackupCommands(program, ctx);
}
