// Types for build-stamp.mjs (plain JavaScript, so that the CLI's launcher runs without a TypeScript loader).
export const stampFile: string;
export function typescriptSources(root: string): string[];
export function sourceDigest(root: string): string;
export function writeBuildStamp(root: string, outdir: string, digest?: string): void;
export function isBuildCurrent(root: string, outdir: string): boolean;
