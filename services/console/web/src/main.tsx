// The console's entry: the shell (sign-in, navigation) and the approvals page load first; every
// other page is its own chunk, so the charts and the graph library load only where they are drawn.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
