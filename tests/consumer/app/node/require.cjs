// CommonJS: every package loads with require() (Node >= 20.19 loads ES modules that way).
const assert = require('node:assert/strict');

const react = require('@chat/react');
assert.equal(typeof react.createChatStore, 'function');
assert.equal(typeof react.ChatProvider, 'function');
assert.equal(typeof require('@chat/react/local').localBackend, 'function');
assert.equal(typeof require('@chat/server').createApp, 'function');
assert.equal(typeof require('@chat/local-server').createLocalServer, 'function');
assert.equal(require('@chat/protocol').identityProblem('alice'), null);
console.log('require: @chat/react, @chat/react/local, @chat/server, @chat/local-server, @chat/protocol');
