import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { createApp } from './create-app';
import { AppProviders } from './providers';
import { applyStoredTheme } from './theme-store';

applyStoredTheme();

const { queryClient, router } = createApp();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProviders queryClient={queryClient} router={router} />
  </StrictMode>,
);
