import { ChatProvider } from '@chat/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadBackend } from './createBackend';
import './base.css';
import './layout.css';
import './conversation.css';
// Last: the phone-width rules override the two panes above.
import './phone.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render the example into.');

createRoot(container).render(
  <StrictMode>
    <ChatProvider backend={loadBackend}>
      <App />
    </ChatProvider>
  </StrictMode>,
);
