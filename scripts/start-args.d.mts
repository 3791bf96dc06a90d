export function startArgs(root: string): string[];
