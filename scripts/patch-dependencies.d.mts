// Types of patch-dependencies.mjs (a plain script: it runs at install, before anything is built).
export interface Edit { find: string; replace: string }
export interface Patch { pkg: string; version: string; file: string; edits: Edit[] }
export const PATCHES: Patch[];
export function applyEdits(text: string, edits: Edit[]): { status: 'patched' | 'already' | 'mismatch'; text: string };
export function patchDependencies(resolveFrom?: string): string[];
