// Preloaded (`--require`) by scripts/test-node.mjs when the tests run on another Node than the one
// the workspace was installed with: better-sqlite3 is a native addon, and the build under
// node_modules/ fits only the Node it was compiled for (its NODE_MODULE_VERSION). This loads the
// build made for the running Node, named by CHAT_BETTER_SQLITE3_BINDING, in its place. Worker
// threads run preloads too, so the local server's checkpoint worker gets it as well.
const Module = require('node:module');

const binding = process.env.CHAT_BETTER_SQLITE3_BINDING;
if (binding) {
  const load = Module._extensions['.node'];
  Module._extensions['.node'] = function loadNative(module, filename) {
    return load.call(this, module, filename.endsWith('better_sqlite3.node') ? binding : filename);
  };
}
