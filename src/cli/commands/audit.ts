/**
 * `audit show`: the audit log, filtered by client, actor or date.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.js";

export function registerAuditCommands(_program: Command, _ctx: CliContext): void {}
