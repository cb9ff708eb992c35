// Types of reliabilityDoc.mjs (plain JavaScript so that `npm run test:faults` runs it with node).
export declare const packageDir: string;
export declare const resultsDir: string;
export declare const figuresDir: string;
export declare const docPath: string;
export declare const FIGURE_NAMES: readonly string[];
export type Figures = Record<string, Record<string, unknown> | null>;
export declare function readFigures(dir?: string): Figures;
export declare function renderBlocks(figures: Figures): Record<string, string>;
export declare function applyBlocks(doc: string, blocks: Record<string, string>): string;
export declare function proseOfSection(doc: string, heading: string): string;
export declare function handTypedFigures(text: string): { line: number; text: string }[];
export declare function writeReliabilityDoc(): string[];
