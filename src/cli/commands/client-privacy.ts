/**
 * `client export` and `client erase`: a client's rights of access (GDPR Art. 20) and erasure (Art. 17).
 */
import type { Command } from "commander";
import type { CliContext } from "../context.js";

export function registerClientPrivacyCommands(_client: Command, _ctx: CliContext): void {}
