import { ChatProvider } from '@chat/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBackend } from './createBackend';
import './base.css';
import './layout.css';
import './conversation.css';
// Last: the phone-width rules override the two panes above.
import './phone.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render the example into.');

// Created once, outside React, so StrictMode's double render never makes two backends.
const backend = createBackend();

createRoot(container).render(
  <StrictMode>
    <ChatProvider backend={backend}>
      <App />
    </ChatProvider>
  </StrictMode>,
);
