// @vitest-environment node
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The store's method and event lists are checked by the compiler: `createChatStore` (the methods
// before connect), `apiObject` (the snapshot literal) and `createEngine` (the methods after connect)
// each name every method in a literal the compiler holds against `ChatMethods`, and `stateUpdates`
// has a case for every `BackendEvent`. These tests compile the real files with a method taken out,
// or a method or event added to its type only, and expect the compiler to name it in each file that
// must handle it: a string list, a cast or a `default:` would compile.

const core = (file: string): string => fileURLToPath(new URL(`../${file}`, import.meta.url));
const WIRING = ['createChatStore.ts', 'apiObject.ts', 'engine.ts', 'stateUpdates.ts'].map(core);

const parsed = ts.getParsedCommandLineOfConfigFile(
  fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic(diagnostic) {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
if (!parsed) throw new Error('packages/react/tsconfig.json did not parse');
const { options } = parsed;
// Unchanged files (the DOM and Node typings most of all) are parsed once for every compilation.
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/** The compiler's errors in the wiring files, as `file: message`, with `edits` applied to the sources. */
function compileErrors(edits: Record<string, (text: string) => string>): string[] {
  const edited = new Map(
    Object.entries(edits).map(([file, edit]) => {
      const text = readFileSync(core(file), 'utf8');
      const next = edit(text);
      if (next === text) throw new Error(`the edit of ${file} changed nothing: its text has moved on`);
      return [core(file), next];
    }),
  );
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const text = edited.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, language);
    if (!parsedFiles.has(name)) parsedFiles.set(name, read(name, language, ...rest));
    return parsedFiles.get(name);
  };
  const program = ts.createProgram({ rootNames: WIRING, options, host });
  return WIRING.flatMap((file) =>
    [
      ...program.getSyntacticDiagnostics(program.getSourceFile(file)),
      ...program.getSemanticDiagnostics(program.getSourceFile(file)),
    ].map((d) => `${basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`),
  );
}

/** An edit that deletes the one line matching `line` (it must match exactly one). */
const withoutLine =
  (line: RegExp) =>
  (text: string): string => {
    const lines = text.split('\n');
    const hits = lines.filter((l) => line.test(l));
    if (hits.length !== 1) throw new Error(`${line} matches ${hits.length} lines, not 1`);
    return lines.filter((l) => !line.test(l)).join('\n');
  };

describe('the method and event lists', () => {
  it('compile as they are', () => {
    expect(compileErrors({})).toEqual([]);
  });

  it('do not compile with a method missing from any of them', () => {
    const errors = compileErrors({
      'createChatStore.ts': withoutLine(/^\s*markRead: \(name\) =>/),
      'apiObject.ts': withoutLine(/^\s*markRead: m\.markRead,/),
      'engine.ts': withoutLine(/^\s*\.\.\.createMessageActions\(ctx, queue\),/),
    });
    expect(errors).toEqual([
      expect.stringMatching(/^createChatStore\.ts: Property 'markRead' is missing/),
      expect.stringMatching(/^apiObject\.ts: .*Property 'markRead' is missing/),
      "engine.ts: 'createMessageActions' is declared but its value is never read.",
      expect.stringMatching(
        /^engine\.ts: .*missing the following properties.*sendMessage, retryMessage, setTyping/,
      ),
    ]);
  });

  it('do not compile when ChatMethods grows a method that is not wired (a future one: pinMessage)', () => {
    const errors = compileErrors({
      'api.ts': (text) =>
        text.replace(
          '  setTyping(name: string): void;\n',
          '  setTyping(name: string): void;\n  pinMessage(id: string): Promise<Message>;\n',
        ),
    });
    expect(errors).toEqual([
      expect.stringMatching(/^createChatStore\.ts: Property 'pinMessage' is missing/),
      expect.stringMatching(/^apiObject\.ts: .*Property 'pinMessage' is missing/),
      expect.stringMatching(/^engine\.ts: .*Property 'pinMessage' is missing/),
    ]);
  });

  it('do not compile when BackendEvent grows an event the state updates do not handle', () => {
    const errors = compileErrors({
      'backend.ts': (text) =>
        text.replace(
          "  | { type: 'typingStarted';",
          "  | { type: 'messagePinned'; message: BackendMessage }\n  | { type: 'typingStarted';",
        ),
    });
    expect(errors).toEqual([
      expect.stringMatching(
        /^stateUpdates\.ts: Type '\{ type: "messagePinned"; message: BackendMessage; \}' does not satisfy the expected type 'never'/,
      ),
    ]);
  });
});
