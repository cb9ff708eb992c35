// Typechecked with moduleResolution node10 (tsconfig.node10.json), which ignores `exports`:
// the subpaths resolve through `typesVersions`.
import { createChatStore } from '@chat/react';
import { type LocalBackendOptions, localBackend } from '@chat/react/local';

const options: LocalBackendOptions = { url: 'http://localhost:3002' };
export const store = createChatStore({ backend: localBackend(options) });
